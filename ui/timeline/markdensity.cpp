#include "timeline/markdensity.h"

#include <algorithm>
#include <cmath>

namespace SupervisorLab {

namespace {

// The first index in [from, count) whose time is not before `tUs`.
qsizetype firstAtOrAfter(qsizetype from, qsizetype count, qint64 tUs, const std::function<qint64(qsizetype)> &timeAt)
{
    qsizetype low = from;
    qsizetype high = count;
    while (low < high) {
        const qsizetype middle = low + (high - low) / 2;
        if (timeAt(middle) < tUs)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

} // namespace

MarkDensity::Layout MarkDensity::layOut(
    qsizetype count, const std::function<qint64(qsizetype)> &timeAt, const TimeAxis &axis, double markWidthPx)
{
    Layout layout;
    const int margin = int(std::ceil(markWidthPx));
    const auto columnStartUs
        = [&axis](qint64 column) { return axis.startUs + qint64(std::ceil(double(column) * axis.usPerPixel)); };
    std::vector<Column> columns;
    qsizetype i = firstAtOrAfter(0, count, columnStartUs(-margin), timeAt);
    while (i < count) {
        const qint64 column = qint64(std::floor(axis.mapTimeToX(timeAt(i))));
        if (column > axis.widthPx + margin)
            break;
        const qsizetype next = std::max(i + 1, firstAtOrAfter(i, count, columnStartUs(column + 1), timeAt));
        columns.push_back({ int(column), i, next - i });
        i = next;
    }
    for (size_t c = 0; c < columns.size(); ++c) {
        const Column &column = columns[c];
        const bool roomBefore = c == 0 || column.x - columns[c - 1].x >= markWidthPx;
        const bool roomAfter = c + 1 == columns.size() || columns[c + 1].x - column.x >= markWidthPx;
        if (column.count == 1 && roomBefore && roomAfter)
            layout.whole.push_back(column.first);
        else
            layout.crowded.push_back(column);
    }
    return layout;
}

double MarkDensity::heightShare(qsizetype count)
{
    if (count <= 0)
        return 0;
    return std::min(1.0, (1.0 + std::log2(double(count))) / 5.0);
}

} // namespace SupervisorLab
