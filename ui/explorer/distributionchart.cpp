#include "explorer/distributionchart.h"

#include "analysis/explorationfigures.h"
#include "analysis/policysummary.h"
#include "events/readinglocale.h"
#include "explorer/policycolors.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

constexpr int kMinTickSpacingPx = 28;
constexpr int kDotPx = 4;
constexpr double kUsPerSecond = 1e6;

// The smallest of 1, 2, 5, 10, 20, 50, ... times a power of ten that is at least `value`.
double niceStep(double value)
{
    const double decade = std::pow(10.0, std::floor(std::log10(value)));
    for (const double mantissa : { 1.0, 2.0, 5.0, 10.0 }) {
        if (mantissa * decade >= value * (1 - 1e-9))
            return mantissa * decade;
    }
    return 10 * decade;
}

// Steps a clock reads well in: 1-2-5 below a second, then 1, 2, 5, 10, 15, 30 of seconds, minutes and hours.
double niceTimeStep(double us)
{
    static constexpr double kSteps[] { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
        43200, 86400 };
    if (us < kUsPerSecond)
        return niceStep(us);
    for (const double seconds : kSteps) {
        if (seconds * kUsPerSecond >= us)
            return seconds * kUsPerSecond;
    }
    return niceStep(us / (86400 * kUsPerSecond)) * 86400 * kUsPerSecond;
}

int decimalsFor(double step)
{
    return std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
}

} // namespace

DistributionChart::Box DistributionChart::boxOf(const QList<double> &sorted)
{
    Box box;
    if (sorted.isEmpty())
        return box;
    box.minimum = sorted.first();
    box.p5 = PolicySummary::percentile(sorted, 5);
    box.p25 = PolicySummary::percentile(sorted, 25);
    box.p50 = PolicySummary::percentile(sorted, 50);
    box.p75 = PolicySummary::percentile(sorted, 75);
    box.p95 = PolicySummary::percentile(sorted, 95);
    box.maximum = sorted.last();
    return box;
}

QString DistributionChart::measureName(Measure measure)
{
    switch (measure) {
    case Measure::Availability:
        return tr("Availability");
    case Measure::RestartsPerHour:
        return tr("Restarts per hour");
    case Measure::LongestOutage:
        return tr("Longest outage");
    case Measure::TimeToGiveUp:
        return tr("Time to give up");
    }
    return {};
}

QList<DistributionChart::Measure> DistributionChart::measures()
{
    return { Measure::Availability, Measure::RestartsPerHour, Measure::LongestOutage, Measure::TimeToGiveUp };
}

DistributionChart::DistributionChart(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAccessibleName(tr("Distribution over the seeds"));
    setAccessibleDescription(description());
}

void DistributionChart::setResult(const ExplorationResult &result)
{
    m_result = result;
    setMeasure(m_measure);
}

void DistributionChart::clear()
{
    setResult({});
}

void DistributionChart::setMeasure(Measure measure)
{
    m_measure = measure;
    m_values.clear();
    for (const ExplorationResult::Policy &policy : std::as_const(m_result.policies)) {
        QList<double> values;
        values.reserve(policy.outcomes.size());
        for (const SeedOutcome &outcome : policy.outcomes) {
            bool present = false;
            const double value = valueOf(outcome, &present);
            if (present)
                values << value;
        }
        std::sort(values.begin(), values.end());
        m_values << values;
    }
    setAccessibleDescription(description());
    update();
}

QString DistributionChart::description() const
{
    if (m_result.policies.isEmpty())
        return tr("%1 per seed: no exploration has run yet").arg(measureName(m_measure));
    QStringList policies;
    for (int policy = 0; policy < policyCount(); ++policy) {
        const QList<double> &values = m_values.at(policy);
        const QString name = m_result.policies.at(policy).name;
        if (values.isEmpty()) {
            //: %1 is a policy's name
            policies << (m_measure == Measure::TimeToGiveUp ? tr("%1 never gave up").arg(name)
                                                            : tr("%1 has no seeds").arg(name));
            continue;
        }
        const Box box = boxOf(values);
        //: One policy's box plot: %1 is its name, %2 the median, %3 and %4 the 5th and 95th percentiles, %n the seeds
        policies << tr("%1: median %2 (p5 %3 – p95 %4) over %n seed(s)", nullptr, int(values.size()))
                        .arg(name, valueText(box.p50), valueText(box.p5), valueText(box.p95));
    }
    //: %1 is the measure, "Availability"; %2 lists each policy's figures, separated by semicolons
    return tr("%1 per seed, one box per policy: %2").arg(measureName(m_measure), policies.join(u"; "_s));
}

double DistributionChart::valueOf(const SeedOutcome &outcome, bool *present) const
{
    *present = true;
    switch (m_measure) {
    case Measure::Availability:
        return outcome.availability;
    case Measure::RestartsPerHour:
        return outcome.restartsPerHour;
    case Measure::LongestOutage:
        return double(outcome.longestOutageUs);
    case Measure::TimeToGiveUp:
        *present = outcome.gaveUp();
        return outcome.gaveUp() ? double(*outcome.gaveUpAtUs) : 0.0;
    }
    return 0;
}

QList<double> DistributionChart::values(int policy) const
{
    return m_values.value(policy);
}

QString DistributionChart::valueText(double value) const
{
    switch (m_measure) {
    case Measure::Availability:
        return ExplorationFigures::percent(value);
    case Measure::RestartsPerHour:
        return ExplorationFigures::perHour(value);
    case Measure::LongestOutage:
    case Measure::TimeToGiveUp:
        return ExplorationFigures::duration(qint64(std::llround(value)));
    }
    return {};
}

QString DistributionChart::tickText(double value, double step) const
{
    switch (m_measure) {
    case Measure::Availability:
        //: A percentage on the chart's axis, "99.5 %"
        return tr("%1 %").arg(readingLocale().toString(value * 100, 'f', decimalsFor(step * 100)));
    case Measure::RestartsPerHour:
        //: Restarts per hour on the chart's axis, "120/h"
        return tr("%1/h").arg(readingLocale().toString(value, 'f', decimalsFor(step)));
    case Measure::LongestOutage:
    case Measure::TimeToGiveUp:
        // The axis's origin needs no unit, and "0 ms" under "15 min" reads as a different scale.
        return value == 0 ? u"0"_s : ExplorationFigures::duration(qint64(std::llround(value)));
    }
    return {};
}

QColor DistributionChart::policyColor(int policy) const
{
    return PolicyColors::color(policy, palette());
}

QSize DistributionChart::sizeHint() const
{
    return { 420, 260 };
}

QSize DistributionChart::minimumSizeHint() const
{
    return { 200, 140 };
}

DistributionChart::Picture DistributionChart::picture() const
{
    Picture result;
    const QFontMetrics metrics = fontMetrics();
    const int top = metrics.height() + 8;
    const int bottom = metrics.height() + 8;
    const int right = 8;

    bool any = false;
    double low = 0;
    double high = 0;
    for (const QList<double> &values : m_values) {
        if (values.isEmpty())
            continue;
        low = any ? std::min(low, values.first()) : values.first();
        high = any ? std::max(high, values.last()) : values.last();
        any = true;
    }
    const bool time = m_measure == Measure::LongestOutage || m_measure == Measure::TimeToGiveUp;
    if (m_measure != Measure::Availability)
        low = 0;
    if (high - low <= 0) {
        // One value everywhere: a small span around it, so its boxes flatten to a line inside the plot.
        if (m_measure == Measure::Availability)
            low = high - 0.01;
        else
            high = low + (time ? kUsPerSecond : 1.0);
    }

    const auto layOut = [&](int left) {
        result.plot = rect().adjusted(left, top, -right, -bottom);
        const int ticks = std::max(2, result.plot.height() / kMinTickSpacingPx);
        const double raw = (high - low) / ticks;
        result.step = time ? niceTimeStep(raw) : niceStep(raw);
        result.low = std::floor(low / result.step + 1e-9) * result.step;
        result.high = std::ceil(high / result.step - 1e-9) * result.step;
        if (m_measure == Measure::Availability) {
            result.low = std::max(0.0, result.low);
            result.high = std::min(1.0, result.high);
        }
        if (result.high <= result.low)
            result.high = result.low + result.step;
    };
    layOut(metrics.horizontalAdvance(u"100.00 %"_s) + 8);
    int widest = 0;
    for (double value = result.low; value <= result.high + result.step / 2; value += result.step)
        widest = std::max(widest, metrics.horizontalAdvance(tickText(value, result.step)));
    layOut(widest + 8);
    return result;
}

QRect DistributionChart::plotRect() const
{
    return picture().plot;
}

QRect DistributionChart::slotRect(int policy) const
{
    const QRect plot = plotRect();
    if (policy < 0 || policy >= policyCount())
        return {};
    const int left = plot.left() + plot.width() * policy / policyCount();
    const int right = plot.left() + plot.width() * (policy + 1) / policyCount();
    return QRect(left, plot.top(), right - left, plot.height());
}

int DistributionChart::yOf(const Picture &picture, double value)
{
    const QRect &plot = picture.plot;
    return plot.bottom() - int(std::lround((value - picture.low) / (picture.high - picture.low) * (plot.height() - 1)));
}

int DistributionChart::yOf(double value) const
{
    return yOf(picture(), value);
}

void DistributionChart::paintEvent(QPaintEvent *)
{
    const Picture pic = picture();
    const QRect plot = pic.plot;
    const QFontMetrics metrics = fontMetrics();
    const QColor text = palette().color(QPalette::WindowText);
    QColor muted = text;
    muted.setAlphaF(0.6f);
    QColor grid = palette().color(QPalette::Mid);
    grid.setAlphaF(0.5f);

    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    if (plot.width() <= 0 || plot.height() <= 0)
        return;
    painter.fillRect(plot, palette().color(QPalette::Base));

    painter.setPen(text);
    //: The chart's title: %1 is the measure, "Availability"
    const QString title
        = tr("%1 per seed: box p25–p75, line p50, whiskers p5–p95, dots beyond").arg(measureName(m_measure));
    painter.drawText(QRect(plot.left(), 2, width() - plot.left() - 4, metrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(title, Qt::ElideRight, width() - plot.left() - 4));

    if (m_result.policies.isEmpty()) {
        painter.setPen(muted);
        painter.drawText(plot, Qt::AlignCenter, tr("Run an exploration to see how its seeds spread."));
        return;
    }

    const auto yOf = [&](double value) { return DistributionChart::yOf(pic, value); };

    for (double value = pic.low; value <= pic.high + pic.step / 2; value += pic.step) {
        const int y = yOf(value);
        painter.setPen(grid);
        painter.drawLine(plot.left() + 1, y, plot.right(), y);
        painter.setPen(text);
        painter.drawText(QRect(0, y - metrics.height() / 2, plot.left() - 5, metrics.height()),
            Qt::AlignRight | Qt::AlignVCenter, tickText(value, pic.step));
    }
    painter.setPen(text);
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.drawLine(plot.bottomLeft(), plot.topLeft());

    for (int policy = 0; policy < policyCount(); ++policy) {
        const QRect slot = slotRect(policy);
        const QColor colour = policyColor(policy);
        const int centre = slot.center().x();
        const int boxWidth = std::clamp(slot.width() * 2 / 5, 12, 96);
        const QList<double> &values = m_values.at(policy);

        // The policy's name under its slot, after a swatch of its colour.
        const int swatch = metrics.height() / 2;
        const QString name
            = metrics.elidedText(m_result.policies.at(policy).name, Qt::ElideRight, slot.width() - swatch - 8);
        const int nameWidth = metrics.horizontalAdvance(name) + swatch + 4;
        const int nameX = centre - nameWidth / 2;
        const int nameY = plot.bottom() + 5;
        painter.fillRect(QRect(nameX, nameY + (metrics.height() - swatch) / 2, swatch, swatch), colour);
        painter.setPen(text);
        painter.drawText(QRect(nameX + swatch + 4, nameY, nameWidth, metrics.height()), Qt::AlignLeft, name);

        if (values.isEmpty()) {
            painter.setPen(muted);
            painter.drawText(slot, Qt::AlignCenter | Qt::TextWordWrap,
                m_measure == Measure::TimeToGiveUp ? tr("never gave up") : tr("no seeds"));
            continue;
        }
        const Box box = boxOf(values);
        const int left = centre - boxWidth / 2;
        const int right = left + boxWidth;
        const int capHalf = boxWidth / 4;

        painter.setPen(QPen(colour, 2));
        painter.drawLine(centre, yOf(box.p5), centre, yOf(box.p25));
        painter.drawLine(centre, yOf(box.p75), centre, yOf(box.p95));
        painter.drawLine(centre - capHalf, yOf(box.p5), centre + capHalf, yOf(box.p5));
        painter.drawLine(centre - capHalf, yOf(box.p95), centre + capHalf, yOf(box.p95));
        const QRect body(QPoint(left, yOf(box.p75)), QPoint(right, yOf(box.p25)));
        painter.fillRect(body, PolicyColors::tint(policy, palette()));
        painter.drawRect(body);
        painter.setPen(QPen(colour, 3));
        painter.drawLine(left, yOf(box.p50), right, yOf(box.p50));

        // Seeds beyond the whiskers, spread a little sideways so that equal values do not hide one another.
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        for (qsizetype i = 0; i < values.size(); ++i) {
            const double value = values.at(i);
            if (value >= box.p5 && value <= box.p95)
                continue;
            const int dx = int(i % 5 - 2) * (kDotPx + 1);
            painter.drawRect(QRect(centre + dx - kDotPx / 2, yOf(value) - kDotPx / 2, kDotPx, kDotPx));
        }
        painter.setBrush(Qt::NoBrush);
    }
}

bool DistributionChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        for (int policy = 0; policy < policyCount(); ++policy) {
            if (!slotRect(policy).contains(help->pos()))
                continue;
            const QList<double> &values = m_values.at(policy);
            const QString name = m_result.policies.at(policy).name;
            QString tip;
            if (values.isEmpty()) {
                //: %1 is a policy's name, %2 the measure in lower case, "time to give up"
                tip = tr("%1: no seed has a %2.").arg(name, measureName(m_measure).toLower());
            } else {
                const Box box = boxOf(values);
                //: %1 is a policy's name, %2 the measure in lower case, %3 how many seeds; then its percentiles
                tip = tr("%1, %2 over %3 seeds\nmin %4 · p5 %5 · p25 %6\nmedian %7\np75 %8 · p95 %9 · max %10")
                          .arg(name, measureName(m_measure).toLower(), readingLocale().toString(values.size()),
                              valueText(box.minimum), valueText(box.p5), valueText(box.p25), valueText(box.p50),
                              valueText(box.p75), valueText(box.p95))
                          .arg(valueText(box.maximum));
            }
            QToolTip::showText(help->globalPos(), tip, this);
            return true;
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

} // namespace SupervisorLab
