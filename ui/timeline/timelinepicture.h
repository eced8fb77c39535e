#pragma once

#include "analysis/timeaxis.h"
#include "timeline/timelinepainter.h"

#include <QCoreApplication>
#include <QFont>
#include <QImage>
#include <QPalette>
#include <QRect>
#include <QSize>
#include <QString>

#include <memory>
#include <optional>

class QPainter;

namespace SupervisorLab {

class EventLog;
class TimelineModel;

enum class PictureFormat
{
    Png,
    Svg
};

enum class PictureRange
{
    Visible, // the time the timeline view shows
    WholeRun, // from 0 to the end of the run
};

// A picture of a run's timeline for slides and documents: a title line naming the run and the time shown, every
// lane over that time — painted by the same TimelinePainter as the live view — and the legend under them, on a
// light background whatever the desktop's theme. A PNG has one pixel per picture pixel (device pixel ratio 1),
// so the width asked for is the width of the file and pixels sit where axis() and laneRect() say; an SVG is a
// drawing with its text kept as text, crisp at any size on a slide.
class TimelinePicture
{
    Q_DECLARE_TR_FUNCTIONS(TimelinePicture)

public:
    static constexpr int kDefaultWidth = 1600; // about a slide's width at one pixel per pixel
    static constexpr int kMinWidth = TimelinePainter::kGutterWidth + 200;
    // A slide cannot show more lanes legibly; beyond these a line under the lanes counts the workers left out.
    // It keeps the picture of a run with 1024 workers under 2000 pixels tall.
    static constexpr int kMaxWorkerLanes = 64;
    static constexpr int kTitleHeight = 30;
    static constexpr int kEndMarginPx = 40; // room for the marks at the end of a whole run, and a tick's label
    // What drawing a whole run costs beside its log, per event: the index of bars, gaps and marks the picture is
    // painted from (bench_timelinepaint measures about 64 bytes under a flood; the rest is growth headroom).
    static constexpr qint64 kIndexBytesPerEvent = 96;

    // Shows [fromUs, toUs] across the lanes of a picture `width` pixels wide, gutter included. The model must
    // outlive the picture.
    TimelinePicture(const TimelineModel &model, qint64 fromUs, qint64 toUs, int width = kDefaultWidth);
    // Shows the run from 0 to its end (the last event, or `nowUs` if later).
    static TimelinePicture wholeRun(const TimelineModel &model, int width = kDefaultWidth, qint64 nowUs = 0);

    // The run's current time, where bars and gaps still open end; by default the time of the last event.
    void setNow(qint64 nowUs) { m_nowUs = nowUs; }

    QSize size() const;
    qint64 fromUs() const { return m_fromUs; }
    qint64 toUs() const { return m_toUs; }
    const TimeAxis &axis() const { return m_axis; } // of the lanes, right of the gutter
    double xOf(qint64 tUs) const { return TimelinePainter::kGutterWidth + m_axis.mapTimeToX(tUs); }
    QRect laneRect(int lane) const; // in the picture; lane 0 is the supervisor, then the model's rows in their order
    int workerLanes() const; // the lanes under the supervisor's drawn, at most kMaxWorkerLanes
    int workerCount() const; // the lanes under the supervisor's: dependencies, workers, nested supervisors
    QString title() const; // "Supervisor Lab — seed 42, one-for-one, 4 workers"
    QString description() const; // the title, and the time shown

    void paint(QPainter &painter) const;
    QImage image() const;
    // Saves the picture in the format of the file's extension (.png or .svg). Written through QSaveFile, so a
    // failed write leaves any earlier file untouched. False with a one-line error naming the file.
    bool save(const QString &path, QString *error) const;

    static std::optional<PictureFormat> formatFor(const QString &path);
    // Dark ink on white, the same on every desktop.
    static QPalette palette();
    static QFont font();
    // "0–4.0 s", "1.250–1.300 s": a time range with as many digits as its length needs.
    static QString rangeText(qint64 fromUs, qint64 toUs);
    // Builds the timeline of `log` and saves the whole run `width` pixels wide. Needs a QGuiApplication (for
    // fonts), not a QApplication.
    static bool saveWholeRun(std::shared_ptr<const EventLog> log, const QString &path, int width, QString *error);

private:
    TimelinePicture(const TimelineModel &model, qint64 fromUs, qint64 toUs, int width, int endMarginPx);

    QByteArray encoded(PictureFormat format) const; // empty if it cannot be drawn
    int timelineHeight() const;
    int legendHeight() const;

    const TimelineModel &m_model;
    qint64 m_fromUs;
    qint64 m_toUs;
    int m_width;
    TimeAxis m_axis;
    qint64 m_nowUs;
};

} // namespace SupervisorLab
