#include "restartratechart.h"

#include "events/readinglocale.h"

#include "analysis/runstatistics.h"
#include "statecolors.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

constexpr qint64 kMinimumSpanUs = 5'000'000; // a young run is drawn on a 5 s axis, not stretched across
constexpr int kMinimumBarPx = 4; // finer bars only show the noise of single restarts
constexpr int kTickSpacingPx = 60;
constexpr int kTickLengthPx = 3;

// The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `value`.
double niceCeiling(double value)
{
    for (double decade = 1;; decade *= 10) {
        for (const double mantissa : { 1.0, 2.0, 5.0 }) {
            if (mantissa * decade >= value)
                return mantissa * decade;
        }
    }
}

} // namespace

QString RestartRateChart::rateText(double perSecond)
{
    // Plain digits at every size ("12.5", "480", "16000"), as the locale writes them but without group separators:
    // exponents and separators read badly on an axis.
    const QLocale locale = readingLocale();
    if (perSecond >= 100)
        return locale.toString(qint64(std::llround(perSecond)));
    QString text = locale.toString(perSecond, 'f', 1);
    const QString pointZero = locale.decimalPoint() + locale.zeroDigit();
    if (text.endsWith(pointZero))
        text.chop(pointZero.size());
    return text;
}

RestartRateChart::RestartRateChart(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAccessibleName(tr("Restart rate"));
    describe();
}

void RestartRateChart::setStatistics(const RunStatistics *statistics)
{
    m_statistics = statistics;
    m_shownTimeUs = -1;
    describe();
    update();
}

void RestartRateChart::refresh(qint64 nowUs)
{
    m_nowUs = nowUs;
    // The picture is a function of the run time shown and of the restarts counted so far (and of the size and
    // palette, which Qt repaints for by itself).
    const qint64 timeUs = shownTimeUs();
    const qint64 restarts = m_statistics ? m_statistics->restarts() : 0;
    if (timeUs == m_shownTimeUs && restarts == m_shownRestarts)
        return;
    m_shownTimeUs = timeUs;
    m_shownRestarts = restarts;
    describe();
    update();
}

QString RestartRateChart::description() const
{
    if (!m_statistics || m_statistics->eventsTakenIn() == 0)
        return tr("Restart rate over the run, in restarts per second: no run yet");
    const Picture pic = picture();
    const double peak = pic.rates.isEmpty() ? 0.0 : *std::max_element(pic.rates.cbegin(), pic.rates.cend());
    const QString span = TimeAxis::formatDuration(shownTimeUs());
    if (m_statistics->isFinished()) {
        //: %1 is the run's length, "12.5 s"; %2 the highest rate drawn
        return tr("Restart rate over the run's %1; the run is over, peak %2 restarts/s").arg(span, rateText(peak));
    }
    const std::optional<double> now = m_statistics->restartRateNow(m_nowUs);
    //: %1 is the run's time so far, "12.5 s"; %2 the rate over the last second; %3 the highest rate drawn
    return tr("Restart rate over the run's first %1; now %2 restarts/s, peak %3 restarts/s")
        .arg(span, rateText(now.value_or(0.0)), rateText(peak));
}

void RestartRateChart::describe()
{
    const QString text = description();
    if (text != accessibleDescription())
        setAccessibleDescription(text);
}

void RestartRateChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    describe(); // the bars, and so the peak drawn, follow the width
}

qint64 RestartRateChart::shownTimeUs() const
{
    return m_statistics ? m_statistics->timeUs(m_nowUs) : 0;
}

QSize RestartRateChart::sizeHint() const
{
    return { 320, 160 };
}

QSize RestartRateChart::minimumSizeHint() const
{
    return { 160, 80 };
}

RestartRateChart::Picture RestartRateChart::picture() const
{
    Picture result;
    const QFontMetrics metrics = fontMetrics();
    const qint64 timeUs = shownTimeUs();

    // The title row holds the rate axis's unit; the top label of the scale, centred on the plot's top, comes below it.
    const int titleHeight = metrics.height() + metrics.height() / 2 + 6;
    const int bottomMargin = metrics.height() + kTickLengthPx + 3;
    const int rightMargin = metrics.horizontalAdvance(u"0.0 s"_s) / 2 + 2;
    // The rate labels decide the left margin, and the top of the scale decides the labels: measure with the
    // widest label the scale can need for this run, which is known before the bars are.
    const int provisionalLeft = metrics.horizontalAdvance(u"00000"_s) + 6;
    QRect plot = rect().adjusted(provisionalLeft, titleHeight, -rightMargin, -bottomMargin);

    const auto layOut = [&](const QRect &area) {
        result.plot = area;
        result.axis.widthPx = std::max(area.width(), 1);
        result.axis = result.axis.showing(0, std::max(timeUs, kMinimumSpanUs));
        result.barUs = RunStatistics::bucketWidthUs(
            std::max(RunStatistics::kBucketUs, TimeAxis::tickStepUs(result.axis.usPerPixel, kMinimumBarPx)));
        result.rates = m_statistics ? m_statistics->restartRate(result.barUs, timeUs) : QList<double>();
        const double highest
            = result.rates.isEmpty() ? 0.0 : *std::max_element(result.rates.cbegin(), result.rates.cend());
        result.top = niceCeiling(std::max(highest, 1.0));
    };
    layOut(plot);
    // Every label the scale shows is measured, the half-scale one too ("0.5" is wider than "1"), and given a pixel
    // to spare, so that none is cut.
    const QList<double> scale { 0.0, result.top / 2, result.top };
    int widest = 0;
    for (const double rate : scale)
        widest = std::max(widest, metrics.horizontalAdvance(rateText(rate)));
    const int left = widest + 8;
    if (left != provisionalLeft) {
        plot.setLeft(left);
        layOut(plot);
    }
    const QRect unit(2, 2, metrics.horizontalAdvance(axisUnit()) + 2, metrics.height());
    result.rateLabels.append({ unit, axisUnit() });
    for (const double rate : scale) {
        const int y = result.plot.bottom() - int(std::lround(rate / result.top * (result.plot.height() - 1)));
        result.rateLabels.append(
            { QRect(0, y - metrics.height() / 2, result.plot.left() - 4, metrics.height()), rateText(rate) });
    }
    return result;
}

QRect RestartRateChart::plotRect() const
{
    return picture().plot;
}

TimeAxis RestartRateChart::timeAxis() const
{
    return picture().axis;
}

qint64 RestartRateChart::barWidthUs() const
{
    return picture().barUs;
}

double RestartRateChart::scaleMaximum() const
{
    return picture().top;
}

QList<double> RestartRateChart::barRates() const
{
    return picture().rates;
}

QString RestartRateChart::axisUnit()
{
    return tr("restarts/s");
}

QString RestartRateChart::title() const
{
    const std::optional<double> now = m_statistics ? m_statistics->restartRateNow(m_nowUs) : std::nullopt;
    if (m_statistics && m_statistics->isFinished())
        return tr("now — (run over)");
    //: %1 is the restart rate over the last second
    return tr("over the last second: now %1").arg(rateText(now.value_or(0.0)));
}

QColor RestartRateChart::barColor() const
{
    return StateColors::color(StateColor::FailedError, palette());
}

QList<RestartRateChart::Label> RestartRateChart::labels() const
{
    const Picture pic = picture();
    const QFontMetrics metrics = fontMetrics();
    QList<Label> all = pic.rateLabels;
    for (const TimeAxis::Tick &tick : pic.axis.ticks(kTickSpacingPx)) {
        const int x = pic.plot.left() + int(std::lround(tick.x));
        const int width = metrics.horizontalAdvance(tick.label);
        const int labelX = std::clamp(x - width / 2, 0, std::max(0, this->width() - width));
        all.append({ QRect(labelX, pic.plot.bottom() + kTickLengthPx + 1, width, metrics.height()), tick.label });
    }
    const int swatch = metrics.height() / 2;
    const int titleLeft = std::max(pic.plot.left(), pic.rateLabels.first().rect.right() + 10) + swatch + 4;
    all.append(
        { QRect(titleLeft, pic.rateLabels.first().rect.top(), std::max(0, width() - titleLeft), metrics.height()),
            title() });
    return all;
}

void RestartRateChart::paintEvent(QPaintEvent *)
{
    const Picture pic = picture();
    const QRect plot = pic.plot;
    const QFontMetrics metrics = fontMetrics();
    const QColor text = palette().color(QPalette::WindowText);
    QColor grid = palette().color(QPalette::Mid);
    grid.setAlphaF(0.5f);

    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    if (plot.width() <= 0 || plot.height() <= 0)
        return;
    painter.fillRect(plot, palette().color(QPalette::Base));

    const auto yOf
        = [&](double rate) { return plot.bottom() - int(std::lround(rate / pic.top * (plot.height() - 1))); };

    // Rate axis: grid lines at half and full scale.
    painter.setPen(grid);
    for (const double rate : { pic.top / 2, pic.top })
        painter.drawLine(plot.left(), yOf(rate), plot.right(), yOf(rate));

    // Bars: adjacent buckets touch, so a sustained storm reads as one block.
    const QColor bar = barColor();
    for (qsizetype i = 0; i < pic.rates.size(); ++i) {
        const double rate = pic.rates.at(i);
        if (rate <= 0)
            continue;
        const int x0 = plot.left() + int(std::floor(pic.axis.mapTimeToX(i * pic.barUs)));
        const int x1
            = std::min(plot.right() + 1, plot.left() + int(std::floor(pic.axis.mapTimeToX((i + 1) * pic.barUs))));
        const int height = std::max(1, int(std::lround(rate / pic.top * plot.height())));
        painter.fillRect(QRect(x0, plot.bottom() + 1 - height, std::max(1, x1 - x0), height), bar);
    }

    // Axes, ticks and every label: the rate axis's unit and scale, the time axis's labels, the title.
    painter.setPen(text);
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.drawLine(plot.bottomLeft(), plot.topLeft());
    for (const TimeAxis::Tick &tick : pic.axis.ticks(kTickSpacingPx)) {
        const int x = plot.left() + int(std::lround(tick.x));
        painter.drawLine(x, plot.bottom() + 1, x, plot.bottom() + kTickLengthPx);
    }
    const QList<Label> all = labels();
    for (qsizetype i = 0; i < all.size(); ++i) {
        const Label &label = all.at(i);
        const bool rateLabel = i > 0 && i < pic.rateLabels.size();
        const bool titleLabel = i == all.size() - 1;
        painter.drawText(label.rect,
            (rateLabel                     ? Qt::AlignRight
                    : titleLabel || i == 0 ? Qt::AlignLeft
                                           : Qt::AlignHCenter)
                | Qt::AlignVCenter,
            label.text);
    }
    // The title's swatch in the bar colour, before it.
    const QRect &title = all.last().rect;
    const int swatch = metrics.height() / 2;
    painter.fillRect(
        QRect(title.left() - swatch - 4, title.top() + (metrics.height() - swatch) / 2, swatch, swatch), bar);
}

bool RestartRateChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const Picture pic = picture();
        if (m_statistics && pic.plot.contains(help->pos())) {
            const qint64 tUs = pic.axis.mapXToTime(help->pos().x() - pic.plot.left());
            const qint64 bar = tUs / pic.barUs;
            if (bar >= 0 && bar < pic.rates.size()) {
                const qint64 fromUs = bar * pic.barUs;
                const qint64 restarts = m_statistics->restartsBetween(fromUs, fromUs + pic.barUs);
                //: %1 and %2 are the bar's times, %3 its rate
                QToolTip::showText(help->globalPos(),
                    tr("%1 – %2: %n restart(s); restart rate %3/s (the mean of the rate over the last second)", nullptr,
                        int(restarts))
                        .arg(TimeAxis::formatTime(fromUs, pic.barUs),
                            TimeAxis::formatTime(fromUs + pic.barUs, pic.barUs), rateText(pic.rates.at(bar))),
                    this);
                return true;
            }
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

} // namespace SupervisorLab
