#pragma once

#include "analysis/timeaxis.h"

#include <QtGlobal>

#include <functional>
#include <vector>

namespace SupervisorLab {

// Where a lane's marks (how incarnations ended, failures) fall on the pixels, as Perfetto shows a dense track: a mark
// with no other within its own width is drawn whole; where marks crowd, each pixel column shows how many fell into it
// instead, so that a dense stretch reads as dense rather than as evenly spaced marks, one per mark's width. The cost
// follows the pixel columns that hold marks, not the marks: columns are counted by binary search.
class MarkDensity
{
public:
    struct Column
    {
        int x = 0; // the pixel column in the axis' coordinates
        qsizetype first = 0; // the first mark in it
        qsizetype count = 0;
    };
    struct Layout
    {
        std::vector<qsizetype> whole; // the marks drawn as themselves
        std::vector<Column> crowded; // the columns where marks crowd, left to right
    };

    // Lays out marks 0..count-1, at ascending times timeAt(i), over the axis' width and `markWidthPx` beyond it on
    // either side; a mark is whole when no other mark lies within `markWidthPx` of it.
    static Layout layOut(
        qsizetype count, const std::function<qint64(qsizetype)> &timeAt, const TimeAxis &axis, double markWidthPx);
    // The share of the lane's height a column of `count` marks fills: a fifth for one, one more fifth each time the
    // count doubles, all of it from 16 on. A fixed scale, so that lanes and moments compare.
    static double heightShare(qsizetype count);
};

} // namespace SupervisorLab
