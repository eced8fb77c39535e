#include "timeline/timelinepicture.h"

#include "io/atomicfile.h"

#include "analysis/timeaxis.h"
#include "events/eventlog.h"
#include "supervisorlabversion.h"
#include "timeline/timelinelegend.h"
#include "timeline/timelinemodel.h"

#include <QBuffer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

constexpr qint64 kMinRangeUs = 1000;
constexpr int kTitleMargin = 8;

} // namespace

TimelinePicture::TimelinePicture(const TimelineModel &model, qint64 fromUs, qint64 toUs, int width)
    : TimelinePicture(model, fromUs, toUs, width, 0)
{
}

TimelinePicture::TimelinePicture(const TimelineModel &model, qint64 fromUs, qint64 toUs, int width, int endMarginPx)
    : m_model(model)
    , m_fromUs(fromUs)
    , m_toUs(std::max(toUs, fromUs + kMinRangeUs))
    , m_width(std::max(width, kMinWidth))
    , m_nowUs(model.lastEventUs())
{
    m_axis.widthPx = m_width - TimelinePainter::kGutterWidth - endMarginPx;
    m_axis = m_axis.showing(m_fromUs, m_toUs);
    m_axis.widthPx = m_width - TimelinePainter::kGutterWidth;
}

TimelinePicture TimelinePicture::wholeRun(const TimelineModel &model, int width, qint64 nowUs)
{
    const qint64 endUs = std::max(model.lastEventUs(), nowUs);
    TimelinePicture picture(model, 0, endUs, width, kEndMarginPx);
    picture.setNow(endUs);
    return picture;
}

int TimelinePicture::workerCount() const
{
    return std::max(0, m_model.rowCount() - 1);
}

int TimelinePicture::workerLanes() const
{
    return std::min(workerCount(), kMaxWorkerLanes);
}

int TimelinePicture::timelineHeight() const
{
    const int noteLanes = workerCount() > workerLanes() ? 1 : 0;
    return TimelinePainter::kAxisHeight + TimelinePainter::kSupervisorLaneHeight
        + (workerLanes() + noteLanes) * TimelinePainter::kLaneHeight;
}

int TimelinePicture::legendHeight() const
{
    return TimelineLegend::layOut(m_width, nullptr, palette(), font());
}

QSize TimelinePicture::size() const
{
    return { m_width, kTitleHeight + timelineHeight() + legendHeight() };
}

QRect TimelinePicture::laneRect(int lane) const
{
    return TimelinePainter::laneRect(lane, m_width, 0).translated(0, kTitleHeight);
}

QString TimelinePicture::title() const
{
    const RunHeader header = m_model.runHeader();
    QStringList parts;
    if (!header.config.isEmpty()) {
        //: The picture's title names the run: its random seed
        parts << tr("seed %1").arg(header.seed);
        const QString strategy = header.config.value(u"strategy"_s).toString();
        if (!strategy.isEmpty())
            parts << strategy;
    }
    const qint64 workers = header.config.value(u"workers"_s).toInteger(workerCount());
    parts << tr("%n worker(s)", nullptr, int(workers));
    //: The title of a picture of the timeline; %1 is "seed 42, one-for-one, 4 workers"
    return tr("Supervisor Lab — %1").arg(parts.join(u", "_s));
}

QString TimelinePicture::description() const
{
    //: %1 is the picture's title, %2 the time it shows ("0–4.0 s")
    if (workerLanes() >= workerCount())
        return tr("%1 · timeline of %2").arg(title(), rangeText(m_fromUs, m_toUs));
    //: %3 is the number of the last worker lane drawn, %4 how many there are
    return tr("%1 · timeline of %2 · workers 0–%3 of %4 shown")
        .arg(title(), rangeText(m_fromUs, m_toUs), TimelinePainter::numberText(workerLanes() - 1),
            TimelinePainter::numberText(workerCount()));
}

QPalette TimelinePicture::palette()
{
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    light.setColor(QPalette::WindowText, Qt::black);
    light.setColor(QPalette::Text, Qt::black);
    light.setColor(QPalette::AlternateBase, QColor(0xf4, 0xf6, 0xf8));
    light.setColor(QPalette::Mid, QColor(0xa0, 0xa0, 0xa0));
    light.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    return light;
}

QFont TimelinePicture::font()
{
    // In pixels, so that text has the same size in a PNG and in an SVG whatever either's resolution.
    QFont font = QGuiApplication::font();
    font.setPixelSize(12);
    font.setBold(false);
    font.setItalic(false);
    return font;
}

QString TimelinePicture::rangeText(qint64 fromUs, qint64 toUs)
{
    const qint64 stepUs = TimeAxis::tickStepUs(double(toUs - fromUs) / 10, 1);
    QString from = fromUs == 0 ? TimelinePainter::numberText(0) : TimeAxis::formatTime(fromUs, stepUs);
    const QString to = TimeAxis::formatTime(toUs, stepUs);
    if (from.endsWith(u" s"_s) && to.endsWith(u" s"_s))
        from.chop(2);
    return from + u'–' + to;
}

void TimelinePicture::paint(QPainter &painter) const
{
    const QPalette colors = palette();
    const QSize pictureSize = size();
    painter.fillRect(QRect(QPoint(0, 0), pictureSize), colors.color(QPalette::Base));

    const QRect titleBand(kTitleMargin, 0, m_width - 2 * kTitleMargin, kTitleHeight);
    const QString range = rangeText(m_fromUs, m_toUs);
    painter.setFont(font());
    painter.setPen(colors.color(QPalette::WindowText));
    painter.drawText(titleBand, Qt::AlignVCenter | Qt::AlignRight, range);
    QFont titleFont = font();
    titleFont.setPixelSize(15);
    titleFont.setBold(true);
    painter.setFont(titleFont);
    const int rangeWidth = QFontMetrics(font()).horizontalAdvance(range) + 2 * kTitleMargin;
    painter.drawText(titleBand, Qt::AlignVCenter | Qt::AlignLeft,
        QFontMetrics(titleFont).elidedText(title(), Qt::ElideRight, titleBand.width() - rangeWidth));

    const int height = timelineHeight();
    painter.save();
    painter.translate(0, kTitleHeight);
    painter.setClipRect(0, 0, m_width, height);
    TimelinePainter timeline(m_model, m_axis, colors, font());
    timeline.setArea(QSize(m_width, height), 1 + workerLanes());
    timeline.setNow(m_nowUs, false);
    timeline.paintLanes(painter);
    timeline.paintFrame(painter);
    if (workerLanes() < workerCount()) {
        const QRect note(0, height - TimelinePainter::kLaneHeight, m_width, TimelinePainter::kLaneHeight);
        painter.fillRect(note, colors.color(QPalette::Window));
        painter.setFont(font());
        painter.setPen(colors.color(QPalette::WindowText));
        painter.drawText(note.adjusted(6, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft,
            //: Under the lanes of a picture with too many to show; %1 and %2 are the first and last lane left out
            tr("… and %n more worker(s), %1 to %2, not shown", nullptr, workerCount() - workerLanes())
                .arg(m_model.laneName(m_model.lane(1 + workerLanes())), m_model.laneName(m_model.lane(workerCount()))));
    }
    painter.setPen(colors.color(QPalette::Mid));
    painter.drawLine(0, height - 1, m_width, height - 1);
    painter.restore();

    painter.save();
    painter.translate(0, kTitleHeight + height);
    TimelineLegend::layOut(m_width, &painter, colors, font());
    painter.restore();
}

QImage TimelinePicture::image() const
{
    QImage picture(size(), QImage::Format_RGB32);
    picture.setText(u"Title"_s, title());
    picture.setText(u"Description"_s, description());
    picture.setText(u"Software"_s, u"Supervisor Lab "_s + versionString());
    QPainter painter(&picture);
    paint(painter);
    return picture;
}

std::optional<PictureFormat> TimelinePicture::formatFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"png")
        return PictureFormat::Png;
    if (suffix == u"svg")
        return PictureFormat::Svg;
    return std::nullopt;
}

QByteArray TimelinePicture::encoded(PictureFormat format) const
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (format == PictureFormat::Png)
        return image().save(&buffer, "PNG") ? bytes : QByteArray();
    const QSize pictureSize = size();
    QSvgGenerator drawing;
    drawing.setOutputDevice(&buffer);
    drawing.setSize(pictureSize);
    drawing.setViewBox(QRect(QPoint(0, 0), pictureSize));
    drawing.setResolution(96); // CSS pixels: the drawing's natural size is the picture's size in pixels
    drawing.setTitle(title());
    drawing.setDescription(description());
    QPainter painter;
    if (!painter.begin(&drawing))
        return {};
    paint(painter);
    return painter.end() ? bytes : QByteArray();
}

bool TimelinePicture::save(const QString &path, QString *error) const
{
    const auto fail = [&](const QString &reason) {
        if (error)
            *error = path + u": "_s + reason;
        return false;
    };
    const std::optional<PictureFormat> format = formatFor(path);
    if (!format)
        return fail(tr("unknown picture format: use .png or .svg"));
    const QByteArray bytes = encoded(*format);
    if (bytes.isEmpty())
        return fail(tr("cannot draw the picture"));
    // Encoded in full first: the encoders take a short write for success, so streaming them into the file could
    // replace an earlier picture with part of one.
    return AtomicFile::write(
        path, [&](QIODevice &file) { return file.write(bytes) == bytes.size(); }, error);
}

bool TimelinePicture::saveWholeRun(std::shared_ptr<const EventLog> log, const QString &path, int width, QString *error)
{
    if (!log) {
        if (error)
            *error = path + u": "_s + tr("nothing to draw: no event log");
        return false;
    }
    TimelineModel model;
    model.setLog(std::move(log));
    return wholeRun(model, width).save(path, error);
}

} // namespace SupervisorLab
