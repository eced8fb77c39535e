#pragma once

#include "analysis/explorationresult.h"

#include <QList>
#include <QWidget>

namespace SupervisorLab {

// How one measure of an exploration spreads over the seeds, one box plot per policy side by side on one value
// axis, each in its policy's colour: the box spans p25 to p75, the line across it is the median, the whiskers
// reach p5 and p95, and dots mark every seed beyond them, so outliers stand out. Availability gets an axis
// fitted to the values (they crowd near 100 %); the other measures start at zero.
class DistributionChart : public QWidget
{
    Q_OBJECT

public:
    enum class Measure
    {
        Availability,
        RestartsPerHour,
        LongestOutage,
        TimeToGiveUp, // over the seeds that gave up
    };
    Q_ENUM(Measure)

    // The nearest-rank percentiles (as PolicySummary takes them) of sorted values.
    struct Box
    {
        double minimum = 0;
        double p5 = 0;
        double p25 = 0;
        double p50 = 0;
        double p75 = 0;
        double p95 = 0;
        double maximum = 0;
    };
    static Box boxOf(const QList<double> &sorted);

    static QString measureName(Measure measure);
    static QList<Measure> measures();

    explicit DistributionChart(QWidget *parent = nullptr);

    void setResult(const ExplorationResult &result);
    void clear();
    void setMeasure(Measure measure);
    Measure measure() const { return m_measure; }

    // The chosen measure's value in every seed of a policy, ascending (availability as a share, times in µs).
    QList<double> values(int policy) const;
    // A value as the axis labels it: "99.5 %", "120/h", "1.5 s".
    QString valueText(double value) const;
    // What the chart shows, in words, as its accessible description says it: the measure, and each policy's median
    // and 5th to 95th percentile.
    QString description() const;

    // The geometry of the current picture, for hit tests (and tests).
    QRect plotRect() const;
    QRect slotRect(int policy) const; // a policy's column of the plot
    int yOf(double value) const; // where a value of the measure is drawn
    QColor policyColor(int policy) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Picture
    {
        QRect plot;
        double low = 0;
        double high = 1;
        double step = 1;
    };
    Picture picture() const;
    static int yOf(const Picture &picture, double value);
    int policyCount() const { return int(m_result.policies.size()); }
    double valueOf(const SeedOutcome &outcome, bool *present) const;
    QString tickText(double value, double step) const;

    ExplorationResult m_result;
    QList<QList<double>> m_values; // per policy, ascending, for the chosen measure
    Measure m_measure = Measure::Availability;
};

} // namespace SupervisorLab
