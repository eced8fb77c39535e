#pragma once

#include "analysis/timeaxis.h"

#include <QList>
#include <QWidget>

namespace SupervisorLab {

class RunStatistics;

// The restart rate over the whole run (RestartRate's rule: restarts per second over the last second), as a bar chart
// with a time axis and a rate axis labelled "restarts/s", and the rate now in its title while the run goes on. Each
// bar is the mean of the rate over the bar's time, so one restart is one second's worth of 1/s whatever the bar
// width; bars are at least four pixels wide, so painting costs the same for a run of seconds or of hours.
class RestartRateChart : public QWidget
{
    Q_OBJECT

public:
    // A rate for people: whole numbers from 100 up, one decimal below.
    static QString rateText(double perSecond);
    explicit RestartRateChart(QWidget *parent = nullptr);

    // `statistics` must outlive the chart, or be replaced first; null shows an empty chart.
    void setStatistics(const RunStatistics *statistics);
    // Shows the run up to `nowUs`; repaints only if the picture can have changed.
    void refresh(qint64 nowUs);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // The geometry of the current picture, for hit tests (and tests).
    QRect plotRect() const;
    TimeAxis timeAxis() const;
    qint64 barWidthUs() const;
    double scaleMaximum() const; // restarts per second at the top of the plot
    QList<double> barRates() const; // restarts per second, one per bar of barWidthUs() from 0
    static QString axisUnit(); // "restarts/s"
    QString title() const; // "over the last second: now 3"; "now — (run over)" once the run is over
    QColor barColor() const;
    // What the chart shows now, in words, as its accessible description says it: "Restart rate over the run's first
    // 12.5 s; now 2 restarts/s, peak 6 restarts/s".
    QString description() const;
    // Every text the chart draws and where: the rate axis's unit and labels, the time axis's labels, the title.
    struct Label
    {
        QRect rect;
        QString text;
    };
    QList<Label> labels() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void describe();
    struct Picture
    {
        QRect plot;
        TimeAxis axis;
        qint64 barUs = 0;
        QList<double> rates;
        double top = 1;
        QList<Label> rateLabels; // the unit, then 0, half and full scale
    };
    Picture picture() const;
    qint64 shownTimeUs() const;

    const RunStatistics *m_statistics = nullptr;
    qint64 m_nowUs = 0;
    // What the last paint showed: refresh() repaints only when one of these moved.
    qint64 m_shownTimeUs = -1;
    qint64 m_shownRestarts = -1;
};

} // namespace SupervisorLab
