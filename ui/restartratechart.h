#pragma once

#include "analysis/timeaxis.h"

#include <QList>
#include <QWidget>

namespace SupervisorLab {

class RunStatistics;

// Restarts per second over the whole run, as a bar chart with a time axis and a rate axis, and the rate of
// the last second as its title. The 100 ms counts of RunStatistics are merged into bars at least four pixels
// wide, so painting costs the same for a run of seconds or of hours.
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
    QString title() const; // "Restarts/s — now 3"
    QColor barColor() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Picture
    {
        QRect plot;
        TimeAxis axis;
        qint64 barUs = 0;
        QList<double> rates;
        double top = 1;
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
