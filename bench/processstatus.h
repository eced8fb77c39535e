#pragma once

#include <QByteArray>
#include <QFile>

// A memory figure of this process from /proc/self/status (Linux), in megabytes: "VmRSS" is the resident memory
// now, "VmHWM" its peak so far. 0 where there is no /proc.
inline double processStatusMegabytes(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return 0;
}
