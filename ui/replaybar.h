#pragma once

#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QSlider;

namespace SupervisorLab {

class ReplayCursor;

// Shown above the timeline while a recorded log is replayed: what the recording is, play and pause, a slider to
// seek through it, where the replay stands, and the ways out (run the recorded policy live, or close the replay).
class ReplayBar : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kSliderSteps = 10'000;

    explicit ReplayBar(QWidget *parent = nullptr);

    void addPlaybackActions(const QList<QAction *> &actions);
    // A replay begins: `name` is the file it came from.
    void setRecording(const ReplayCursor &replay, const QString &name);
    // Follows the replay's position; the slider moves without asking to seek.
    void showPosition(qint64 positionUs);
    QString summary() const;
    QSlider *slider() const { return m_slider; }

signals:
    void seekRequested(qint64 positionUs);
    void runLiveRequested();
    void closeRequested();

private:
    void onSliderChanged(int value);

    QLabel *m_title;
    QSlider *m_slider;
    QLabel *m_position;
    QWidget *m_buttons;
    QTimer m_seekTimer; // coalesces seeks while the slider is dragged
    qint64 m_durationUs = 0;
    qint64 m_pendingSeekUs = 0;
    bool m_showing = false;
};

} // namespace SupervisorLab
