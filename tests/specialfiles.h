#pragma once

#include <QFile>
#include <QString>

#include <cstring>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

// Files that are not regular files, made in a test's own folder: a defect must never reach /dev.

// The kind of file at `path`, after following links: S_IFREG, S_IFIFO, ... or 0 if there is none.
inline mode_t kindOf(const QString &path)
{
    struct stat status = {};
    return ::stat(QFile::encodeName(path).constData(), &status) == 0 ? status.st_mode & S_IFMT : 0;
}

// Makes a file of `kind` at `path`: a named pipe, a socket, a directory, or a character device like /dev/null
// (which needs root). False if it could not.
inline bool makeSpecialFile(const QString &path, mode_t kind)
{
    const QByteArray name = QFile::encodeName(path);
    switch (kind) {
    case S_IFIFO:
        return ::mkfifo(name.constData(), 0600) == 0;
    case S_IFDIR:
        return ::mkdir(name.constData(), 0700) == 0;
    case S_IFCHR:
        return ::mknod(name.constData(), S_IFCHR | 0600, makedev(1, 3)) == 0;
    case S_IFSOCK: {
        sockaddr_un address {};
        address.sun_family = AF_UNIX;
        if (size_t(name.size()) >= sizeof(address.sun_path))
            return false;
        std::memcpy(address.sun_path, name.constData(), size_t(name.size()) + 1);
        const int socket = ::socket(AF_UNIX, SOCK_STREAM, 0);
        const bool bound = socket >= 0 && ::bind(socket, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0;
        if (socket >= 0)
            ::close(socket);
        return bound;
    }
    default:
        return false;
    }
}
