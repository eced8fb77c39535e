#pragma once

#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QSlider;
class QToolButton;

namespace SupervisorLab {

class ReplayCursor;

// Shown above the timeline while a recorded log is replayed: what the recording is, one play/pause toggle, a slider
// to seek through it (a click on it jumps there, as in a media player), where the replay stands, and the ways out
// (run the recorded policy live, or close the replay).
class ReplayBar : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kSliderSteps = 10'000;

    explicit ReplayBar(QWidget *parent = nullptr);

    // The run controller's playback actions: `play` plays the recording from where it stands (from the start once at
    // the end), `pause` is checkable and checked while the replay does not play. The bar shows both as one toggle
    // that says what a click does: "Play" while paused, "Pause" while playing. Their shortcuts stay theirs.
    void setPlaybackActions(QAction *play, QAction *pause);
    // The same for { play, pause }, as the window hands them over.
    void addPlaybackActions(const QList<QAction *> &actions);
    // A replay begins: `name` is the file it came from.
    void setRecording(const ReplayCursor &replay, const QString &name);
    // Follows the replay's position; the slider moves without asking to seek.
    void showPosition(qint64 positionUs);
    QString summary() const;
    QSlider *slider() const { return m_slider; }
    QToolButton *playPauseButton() const { return m_playPause; }
    // Whether the replay plays, as the playback actions say.
    bool isPlaying() const;

signals:
    void seekRequested(qint64 positionUs);
    void runLiveRequested();
    void closeRequested();

private:
    void onSliderChanged(int value);
    void togglePlayback();
    void updatePlayPause();

    QLabel *m_title;
    QSlider *m_slider;
    QLabel *m_position;
    QToolButton *m_playPause;
    QAction *m_playAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QTimer m_seekTimer; // coalesces seeks while the slider is dragged
    qint64 m_durationUs = 0;
    qint64 m_pendingSeekUs = 0;
    bool m_showing = false;
};

} // namespace SupervisorLab
