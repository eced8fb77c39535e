#include "io/regularfile.h"

#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

// What `path` is, after following links, when it exists and is not a regular file; empty otherwise.
QString otherKind(const QString &path)
{
    struct stat status = {};
    if (::stat(QFile::encodeName(path).constData(), &status) != 0)
        return {};
    switch (status.st_mode & S_IFMT) {
    case S_IFREG:
        return {};
    case S_IFDIR:
        return u"a directory"_s;
    case S_IFIFO:
        return u"a named pipe (FIFO)"_s;
    case S_IFCHR:
        return u"a character device"_s;
    case S_IFBLK:
        return u"a block device"_s;
    case S_IFSOCK:
        return u"a socket"_s;
    default:
        return u"not a file"_s;
    }
}

QString notRegular(const QString &path, const QString &kind)
{
    const QFileInfo link(path);
    if (link.isSymLink())
        return u"%1 links to %2, %3, not a regular file"_s.arg(path, link.symLinkTarget(), kind);
    return u"%1 is %2, not a regular file"_s.arg(path, kind);
}

} // namespace

QString RegularFile::problemWithInput(const QString &path)
{
    if (const QString kind = otherKind(path); !kind.isEmpty())
        return notRegular(path, kind);
    return {};
}

QString RegularFile::problemWithOutput(const QString &path)
{
    if (const QString kind = otherKind(path); !kind.isEmpty())
        return notRegular(path, kind) + u"; an export replaces only a regular file"_s;
    return {};
}

} // namespace SupervisorLab
