#include "replaybar.h"

#include "analysis/replaycursor.h"
#include "analysis/timeaxis.h"
#include "events/eventlog.h"

#include <QAction>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSlider>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QToolButton>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr qint64 kShownResolutionUs = 1'000;

QString describe(const EventLog &recording)
{
    const RunHeader header = recording.header();
    const QJsonObject &config = header.config;
    const qint64 workers = config.value(u"workers"_s).toInteger();
    //: A recording's summary: %1 is its seed, %n its number of workers, %2 its restart strategy as written in files
    //: (one_for_one…)
    QString text = QCoreApplication::translate("ReplayBar", "seed %1, %n worker(s), %2", nullptr, int(workers))
                       .arg(QString::number(header.seed), config.value(u"strategy"_s).toString());
    //: Continues a recording's summary: how many events it holds
    text += QCoreApplication::translate("ReplayBar", ", %n events", nullptr, int(recording.size()));
    if (recording.count(EventKind::SupervisorGaveUp) > 0)
        //: Continues a recording's summary
        text += QCoreApplication::translate("ReplayBar", ", the supervisor gave up");
    if (recording.count(EventKind::RunFinished) == 0)
        //: Continues a recording's summary; run_finished is the name of an event in the log, not translated
        text += QCoreApplication::translate(
            "ReplayBar", "; it ends before run_finished: exported while the run went on");
    return text;
}

// A slider whose click jumps to the clicked position, as a media player's seek bar does, instead of moving a page
// toward it; the handle is then under the pointer, so the same press goes on as a drag.
class SeekSlider : public QSlider
{
public:
    using QSlider::QSlider;

protected:
    void mousePressEvent(QMouseEvent *event) override
    {
        if (event->button() != Qt::LeftButton || maximum() <= minimum()) {
            QSlider::mousePressEvent(event);
            return;
        }
        const QPoint at = event->position().toPoint();
        QStyleOptionSlider option;
        initStyleOption(&option);
        const QRect handle = style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderHandle, this);
        if (!handle.contains(at)) {
            const QRect groove = style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderGroove, this);
            const bool horizontal = orientation() == Qt::Horizontal;
            const int length = horizontal ? handle.width() : handle.height();
            const int span = (horizontal ? groove.width() : groove.height()) - length;
            const int position = (horizontal ? at.x() - groove.x() : at.y() - groove.y()) - length / 2;
            setValue(QStyle::sliderValueFromPosition(
                minimum(), maximum(), std::clamp(position, 0, std::max(span, 0)), span, option.upsideDown));
            initStyleOption(&option);
            if (!style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderHandle, this).contains(at)) {
                event->accept(); // jumped; a press beside the handle would page away from where it landed
                return;
            }
        }
        QSlider::mousePressEvent(event);
    }
};

} // namespace

ReplayBar::ReplayBar(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_slider(new SeekSlider(Qt::Horizontal))
    , m_position(new QLabel)
    , m_playPause(new QToolButton)
{
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    setAccessibleName(tr("Replay"));
    setAccessibleDescription(tr("The recording being replayed, its playback and where it stands"));
    m_title->setObjectName(u"replayTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    m_slider->setObjectName(u"replaySlider"_s);
    m_slider->setRange(0, kSliderSteps);
    m_slider->setPageStep(kSliderSteps / 20);
    m_slider->setToolTip(tr("Click or drag to move through the recording; the views show it up to here"));
    m_slider->setAccessibleName(tr("Replay position"));
    m_slider->setAccessibleDescription(tr("Where the replay stands in the recording; the views show it up to here"));
    m_position->setObjectName(u"replayPosition"_s);
    m_position->setMinimumWidth(m_position->fontMetrics().horizontalAdvance(u"00:00.000 / 00:00.000"_s));
    m_position->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_position->setAccessibleName(tr("Replay time"));
    m_title->setAccessibleName(tr("Recording"));

    auto *runLive = new QPushButton(tr("Run This Policy &Live"));
    runLive->setObjectName(u"runLiveButton"_s);
    runLive->setToolTip(tr("Leave the replay and load the recorded parameters, seed included, for a live run"));
    runLive->setAccessibleDescription(runLive->toolTip());
    auto *close = new QPushButton(QIcon::fromTheme(u"window-close"_s), tr("&Close Replay"));
    close->setObjectName(u"closeReplayButton"_s);
    close->setToolTip(tr("Leave the replay and go back to live runs"));
    close->setAccessibleDescription(close->toolTip());
    connect(runLive, &QPushButton::clicked, this, &ReplayBar::runLiveRequested);
    connect(close, &QPushButton::clicked, this, &ReplayBar::closeRequested);

    m_playPause->setObjectName(u"replayPlayPause"_s);
    m_playPause->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_playPause->setAutoRaise(true);
    m_playPause->setEnabled(false);
    // As wide as its wider text, so that the slider beside it does not move when it toggles.
    m_playPause->setMinimumWidth(m_playPause->sizeHint().width()
        + std::max(fontMetrics().horizontalAdvance(tr("Pause")), fontMetrics().horizontalAdvance(tr("Play"))));
    connect(m_playPause, &QToolButton::clicked, this, &ReplayBar::togglePlayback);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(2);
    // The ways out beside the title, so that the seek bar has the row below to itself: in a window whose panels
    // leave the timeline narrow it stays long enough to aim a click at.
    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(runLive);
    top->addWidget(close);
    layout->addLayout(top);
    auto *row = new QHBoxLayout;
    row->addWidget(m_playPause);
    row->addWidget(m_slider, 1);
    row->addWidget(m_position);
    layout->addLayout(row);
    m_title->setMinimumWidth(0);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long file name is cut, not a cause

    m_seekTimer.setSingleShot(true);
    m_seekTimer.setInterval(30);
    connect(&m_seekTimer, &QTimer::timeout, this, [this] { emit seekRequested(m_pendingSeekUs); });
    connect(m_slider, &QSlider::valueChanged, this, &ReplayBar::onSliderChanged);
}

void ReplayBar::addPlaybackActions(const QList<QAction *> &actions)
{
    setPlaybackActions(actions.value(0), actions.value(1));
}

void ReplayBar::setPlaybackActions(QAction *play, QAction *pause)
{
    for (QAction *old : { m_playAction, m_pauseAction }) {
        if (old)
            disconnect(old, nullptr, this, nullptr);
    }
    m_playAction = play;
    m_pauseAction = pause;
    for (QAction *action : { play, pause }) {
        if (action)
            connect(action, &QAction::changed, this, &ReplayBar::updatePlayPause);
    }
    updatePlayPause();
}

bool ReplayBar::isPlaying() const
{
    // While a replay plays, Play is off (RunController::updateActions); paused or at the end it is on.
    return m_playAction && !m_playAction->isEnabled();
}

void ReplayBar::togglePlayback()
{
    if (isPlaying()) {
        if (m_pauseAction && m_pauseAction->isEnabled() && !m_pauseAction->isChecked())
            m_pauseAction->trigger();
    } else if (m_playAction && m_playAction->isEnabled()) {
        m_playAction->trigger();
    }
    updatePlayPause();
}

void ReplayBar::updatePlayPause()
{
    const bool playing = isPlaying();
    QAction *acting = playing ? m_pauseAction : m_playAction;
    m_playPause->setText(playing ? tr("Pause") : tr("Play"));
    m_playPause->setAccessibleName(m_playPause->text());
    m_playPause->setIcon(playing
            ? QIcon::fromTheme(u"media-playback-pause"_s, style()->standardIcon(QStyle::SP_MediaPause))
            : QIcon::fromTheme(u"media-playback-start"_s, style()->standardIcon(QStyle::SP_MediaPlay)));
    m_playPause->setEnabled(acting && acting->isEnabled());
    QString toolTip = playing ? tr("Pause the replay") : tr("Play the recording from here, at the chosen speed");
    m_playPause->setAccessibleDescription(toolTip);
    if (acting && !acting->shortcut().isEmpty()) {
        //: %1 is what the button does, %2 its keyboard shortcut
        toolTip = tr("%1 (%2)").arg(toolTip, acting->shortcut().toString(QKeySequence::NativeText));
    }
    m_playPause->setToolTip(toolTip);
}

void ReplayBar::setRecording(const ReplayCursor &replay, const QString &name)
{
    m_durationUs = replay.durationUs();
    //: %1 is the recording's file name, %2 its summary (seed, workers, strategy, events)
    m_title->setText(tr("Replay of %1 — %2").arg(name, describe(*replay.recording())));
    m_title->setToolTip(name);
    showPosition(replay.positionUs());
}

QString ReplayBar::summary() const
{
    return m_title->text() + u" | "_s + m_position->text();
}

void ReplayBar::showPosition(qint64 positionUs)
{
    const int value
        = m_durationUs > 0 ? int(std::llround(double(positionUs) * kSliderSteps / double(m_durationUs))) : 0;
    m_showing = true;
    if (!m_slider->isSliderDown())
        m_slider->setValue(value);
    m_showing = false;
    updatePlayPause();
    //: Where a replay stands: %1 is the position, %2 the recording's length
    m_position->setText(tr("%1 / %2").arg(
        TimeAxis::formatTime(positionUs, kShownResolutionUs), TimeAxis::formatTime(m_durationUs, kShownResolutionUs)));
}

void ReplayBar::onSliderChanged(int value)
{
    if (m_showing)
        return;
    m_pendingSeekUs = qint64(std::llround(double(value) * double(m_durationUs) / kSliderSteps));
    if (m_slider->isSliderDown())
        m_seekTimer.start();
    else
        emit seekRequested(m_pendingSeekUs);
}

} // namespace SupervisorLab
