#include "io/regularfile.h"

#include <QCoreApplication>
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
        return QCoreApplication::translate("RegularFile", "a directory");
    case S_IFIFO:
        return QCoreApplication::translate("RegularFile", "a named pipe (FIFO)");
    case S_IFCHR:
        return QCoreApplication::translate("RegularFile", "a character device");
    case S_IFBLK:
        return QCoreApplication::translate("RegularFile", "a block device");
    case S_IFSOCK:
        return QCoreApplication::translate("RegularFile", "a socket");
    default:
        return QCoreApplication::translate("RegularFile", "not a file");
    }
}

QString notRegular(const QString &path, const QString &kind)
{
    const QFileInfo link(path);
    if (link.isSymLink())
        return QCoreApplication::translate("RegularFile", "%1 links to %2, %3, not a regular file")
            .arg(path, link.symLinkTarget(), kind);
    return QCoreApplication::translate("RegularFile", "%1 is %2, not a regular file").arg(path, kind);
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
        //: %1 says what the path is ("out.jsonl is a directory, not a regular file").
        return QCoreApplication::translate("RegularFile", "%1; an export replaces only a regular file")
            .arg(notRegular(path, kind));
    return {};
}

} // namespace SupervisorLab
