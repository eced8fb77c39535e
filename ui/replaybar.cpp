#include "replaybar.h"

#include "analysis/replaycursor.h"
#include "analysis/timeaxis.h"
#include "events/eventlog.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QToolButton>

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
    QString text = u"seed %1, %2 %3, %4"_s.arg(header.seed)
                       .arg(workers)
                       .arg(workers == 1 ? u"worker"_s : u"workers"_s)
                       .arg(config.value(u"strategy"_s).toString());
    text += u", %1 events"_s.arg(recording.size());
    if (recording.count(EventKind::SupervisorGaveUp) > 0)
        text += u", the supervisor gave up"_s;
    if (recording.count(EventKind::RunFinished) == 0)
        text += u"; it ends before run_finished: exported while the run went on"_s;
    return text;
}

} // namespace

ReplayBar::ReplayBar(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_slider(new QSlider(Qt::Horizontal))
    , m_position(new QLabel)
    , m_buttons(new QWidget)
{
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    m_title->setObjectName(u"replayTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    m_slider->setObjectName(u"replaySlider"_s);
    m_slider->setRange(0, kSliderSteps);
    m_slider->setPageStep(kSliderSteps / 20);
    m_slider->setToolTip(u"Drag to move through the recording; the views show it up to here"_s);
    m_position->setObjectName(u"replayPosition"_s);
    m_position->setMinimumWidth(m_position->fontMetrics().horizontalAdvance(u"00:00.000 / 00:00.000"_s));
    m_position->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto *runLive = new QPushButton(u"Run This Policy &Live"_s);
    runLive->setObjectName(u"runLiveButton"_s);
    runLive->setToolTip(u"Leave the replay and load the recorded parameters, seed included, for a live run"_s);
    auto *close = new QPushButton(QIcon::fromTheme(u"window-close"_s), u"&Close Replay"_s);
    close->setObjectName(u"closeReplayButton"_s);
    close->setToolTip(u"Leave the replay and go back to live runs"_s);
    connect(runLive, &QPushButton::clicked, this, &ReplayBar::runLiveRequested);
    connect(close, &QPushButton::clicked, this, &ReplayBar::closeRequested);

    auto *buttons = new QHBoxLayout(m_buttons);
    buttons->setContentsMargins(0, 0, 0, 0);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    auto *row = new QHBoxLayout;
    row->addWidget(m_buttons);
    row->addWidget(m_slider, 1);
    row->addWidget(m_position);
    row->addWidget(runLive);
    row->addWidget(close);
    layout->addLayout(row);

    m_seekTimer.setSingleShot(true);
    m_seekTimer.setInterval(30);
    connect(&m_seekTimer, &QTimer::timeout, this, [this] { emit seekRequested(m_pendingSeekUs); });
    connect(m_slider, &QSlider::valueChanged, this, &ReplayBar::onSliderChanged);
}

void ReplayBar::addPlaybackActions(const QList<QAction *> &actions)
{
    for (QAction *action : actions) {
        auto *button = new QToolButton;
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        m_buttons->layout()->addWidget(button);
    }
}

void ReplayBar::setRecording(const ReplayCursor &replay, const QString &name)
{
    m_durationUs = replay.durationUs();
    m_title->setText(u"Replay of %1 — %2"_s.arg(name, describe(*replay.recording())));
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
    m_position->setText(TimeAxis::formatTime(positionUs, kShownResolutionUs) + u" / "_s
        + TimeAxis::formatTime(m_durationUs, kShownResolutionUs));
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
