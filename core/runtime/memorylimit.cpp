#include "runtime/memorylimit.h"

#include <QByteArray>
#include <QFile>

#include <algorithm>
#include <atomic>

#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

std::atomic<qint64> g_limitBytes { 0 };

// A cgroup "no limit" is written as "max" (v2) or as a number near 2^63 (v1).
constexpr qint64 kNoCgroupLimit = qint64(1) << 62;

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.read(1 << 16) : QByteArray();
}

// The value of `field` in a /proc file of "Field:   1234 kB" lines, in bytes; 0 if it is not there.
qint64 procKilobytes(const QString &path, QByteArrayView field)
{
    for (const QByteArray &line : contents(path).split('\n')) {
        if (line.startsWith(field) && line.size() > field.size() && line.at(field.size()) == ':')
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return 0;
}

// What `resource` still allows beyond `used` bytes; 0 if it is unlimited.
qint64 rlimitLeft(int resource, qint64 used)
{
    rlimit limit {};
    if (getrlimit(resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return 0;
    return std::max<qint64>(1, qint64(limit.rlim_cur) - used);
}

qint64 number(const QByteArray &text)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    return ok ? value : 0;
}

// The process's cgroup memory limit less its use; 0 if there is none. A cgroup namespace shows the process's own
// cgroup at the root of the mount, so the root is read where the path from /proc/self/cgroup is not there.
qint64 cgroupLeft()
{
    for (const QByteArray &line : contents(u"/proc/self/cgroup"_s).split('\n')) {
        const QList<QByteArray> parts = line.split(':');
        if (parts.size() < 3)
            continue;
        const QString path = QString::fromUtf8(parts.at(2));
        QString folder;
        QString limitName;
        QString usageName;
        if (parts.at(0) == "0" && parts.at(1).isEmpty()) {
            folder = u"/sys/fs/cgroup"_s;
            limitName = u"memory.max"_s;
            usageName = u"memory.current"_s;
        } else if (parts.at(1).split(',').contains("memory")) {
            folder = u"/sys/fs/cgroup/memory"_s;
            limitName = u"memory.limit_in_bytes"_s;
            usageName = u"memory.usage_in_bytes"_s;
        } else {
            continue;
        }
        for (const QString &base : { QString(folder + path), folder }) {
            const QByteArray limitText = contents(base + u'/' + limitName).trimmed();
            if (limitText.isEmpty())
                continue;
            const qint64 limit = limitText == "max" ? 0 : number(limitText);
            if (limit <= 0 || limit >= kNoCgroupLimit)
                return 0;
            return std::max<qint64>(1, limit - number(contents(base + u'/' + usageName)));
        }
    }
    return 0;
}

} // namespace

qint64 MemoryLimit::bytes()
{
    return g_limitBytes.load(std::memory_order_relaxed);
}

void MemoryLimit::setBytes(qint64 bytes)
{
    g_limitBytes.store(std::max<qint64>(0, bytes), std::memory_order_relaxed);
}

qint64 MemoryLimit::defaultBytes(const System &system)
{
    qint64 least = 0;
    for (const qint64 bound : { system.physicalBytes, system.addressSpaceLeft, system.dataLeft, system.cgroupLeft }) {
        if (bound > 0)
            least = least == 0 ? bound : std::min(least, bound);
    }
    return least / 2;
}

MemoryLimit::System MemoryLimit::readSystem()
{
    System system;
    system.physicalBytes = procKilobytes(u"/proc/meminfo"_s, "MemTotal");
    system.addressSpaceLeft = rlimitLeft(RLIMIT_AS, procKilobytes(u"/proc/self/status"_s, "VmSize"));
    system.dataLeft = rlimitLeft(RLIMIT_DATA, procKilobytes(u"/proc/self/status"_s, "VmData"));
    system.cgroupLeft = cgroupLeft();
    return system;
}

QString MemoryLimit::text(qint64 bytes)
{
    if (bytes >= qint64(1) << 30)
        return u"%1 GB"_s.arg(double(bytes) / double(qint64(1) << 30), 0, 'g', 3);
    if (bytes >= qint64(1) << 20)
        return u"%1 MB"_s.arg(double(bytes) / double(qint64(1) << 20), 0, 'g', 3);
    return u"%1 KB"_s.arg(std::max<qint64>(1, bytes >> 10));
}

} // namespace SupervisorLab
