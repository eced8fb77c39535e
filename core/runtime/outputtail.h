#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace SupervisorLab {

// The last lines a program wrote (stdout and stderr as they came), bounded however much it writes: at most
// kKeptLines lines of at most kLineCharacters characters each; earlier lines are counted, not kept.
class OutputTail
{
public:
    static constexpr qsizetype kKeptLines = 10;
    static constexpr qsizetype kLineCharacters = 200;
    // A line longer than this (bytes without a newline) is cut there, and the rest of it is not kept.
    static constexpr qsizetype kLongestPartialLine = 4096;

    void append(QByteArrayView bytes);
    // The kept lines, each ending in a newline (a last unfinished line too), after "[N earlier lines not kept]" when
    // lines were dropped; empty if the program wrote nothing.
    QString text() const;
    qint64 droppedLines() const { return m_dropped; }

private:
    void keep(QByteArrayView line);

    QList<QString> m_lines;
    QByteArray m_partial;
    bool m_partialCut = false;
    qint64 m_dropped = 0;
};

} // namespace SupervisorLab
