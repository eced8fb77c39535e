#include "timeline/timelinelegend.h"

#include "statecolors.h"
#include "timeline/timelineglyphs.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPainter>

#include <functional>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

constexpr int kSwatch = 12;
constexpr int kGap = 14;
constexpr int kMargin = 4;

struct Entry
{
    QString label;
    std::function<void(QPainter &, const QRectF &, const QPalette &)> paintSwatch;
};

QList<Entry> entries()
{
    QList<Entry> list;
    for (const StateColor state : StateColors::legendOrder()) {
        list.append(
            { StateColors::label(state), [state](QPainter &painter, const QRectF &swatch, const QPalette &colors) {
                 if (state == StateColor::Waiting)
                     TimelineGlyphs::paintGap(painter, swatch, colors);
                 else
                     TimelineGlyphs::paint(painter, state, swatch, colors);
             } });
    }
    list.append({ QCoreApplication::translate("TimelineLegend", "silent (hung)"),
        [](QPainter &painter, const QRectF &swatch, const QPalette &colors) {
            TimelineGlyphs::paint(painter, StateColor::Running, swatch, colors);
            TimelineGlyphs::paintSilent(painter, swatch, colors);
        } });
    return list;
}

} // namespace

QStringList TimelineLegend::labels()
{
    QStringList list;
    for (const Entry &entry : entries())
        list << entry.label;
    return list;
}

TimelineLegend::TimelineLegend(QWidget *parent)
    : QWidget(parent)
{
    // As tall as its rows need at the width it gets: on a narrow window they wrap into more rows.
    // (Minimum, not Fixed: a fixed height would be the size hint's, the height for a wide window.)
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setToolTip(tr("Legend: running incarnations are bars; a hatched gap is the restart delay, with an arrow from the "
                  "failure to the restart it caused; markers show how each incarnation ended; where ends crowd, a "
                  "column per pixel as tall as they are many; a hung worker's last heartbeat timeout before it was "
                  "declared hung fades under hatching"));
    setAccessibleName(tr("Timeline legend"));
    //: %1 lists the states the timeline shows in colour ("running, waiting to restart, ...")
    setAccessibleDescription(
        tr("The colours and marks of the timeline: %1").arg(QLocale().createSeparatedList(labels())));
}

QSize TimelineLegend::sizeHint() const
{
    return { 600, heightForWidth(600) };
}

int TimelineLegend::heightForWidth(int width) const
{
    return layOut(width, nullptr, palette(), font());
}

int TimelineLegend::layOut(int width, QPainter *painter, const QPalette &colors, const QFont &font)
{
    const QFontMetrics metrics(font);
    if (painter)
        painter->setFont(font);
    const int rowHeight = std::max(kSwatch, metrics.height()) + 4;
    int x = kMargin;
    int y = kMargin;
    for (const Entry &entry : entries()) {
        const int entryWidth = kSwatch + 4 + metrics.horizontalAdvance(entry.label);
        if (x > kMargin && x + entryWidth > width - kMargin) {
            x = kMargin;
            y += rowHeight;
        }
        if (painter) {
            const QRectF swatch(x, y + (rowHeight - kSwatch) / 2.0, kSwatch, kSwatch);
            entry.paintSwatch(*painter, swatch, colors);
            painter->setPen(colors.color(QPalette::WindowText));
            painter->drawText(
                QRect(x + kSwatch + 4, y, entryWidth, rowHeight), Qt::AlignVCenter | Qt::AlignLeft, entry.label);
        }
        x += entryWidth + kGap;
    }
    return y + rowHeight + kMargin;
}

void TimelineLegend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    layOut(width(), &painter, palette(), font());
}

} // namespace SupervisorLab
