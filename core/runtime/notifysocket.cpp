#include "runtime/notifysocket.h"

#include <QFile>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

NotifySocket::NotifySocket(QObject *parent)
    : QObject(parent)
{
}

NotifySocket::~NotifySocket()
{
    if (m_fd < 0)
        return;
    delete m_notifier;
    ::close(m_fd);
    QFile::remove(m_path);
}

QString NotifySocket::bind(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    if (native.size() > kLongestPath)
        return u"the socket path %1 is longer than %2 bytes"_s.arg(path).arg(kLongestPath);
    std::memcpy(address.sun_path, native.constData(), size_t(native.size()));
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return u"socket: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        const int error = errno;
        ::close(fd);
        return u"bind %1: %2"_s.arg(path, QString::fromLocal8Bit(std::strerror(error)));
    }
    m_fd = fd;
    m_path = path;
    m_notifier = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] { readPending(true); });
    return {};
}

void NotifySocket::discardPending()
{
    readPending(false);
}

void NotifySocket::readPending(bool deliver)
{
    // sd_notify's messages are short; a longer datagram is cut, and what was cut is not a heartbeat.
    char buffer[4096];
    for (;;) {
        const ssize_t received = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (received < 0 && errno == EINTR)
            continue;
        if (received < 0)
            return; // EAGAIN: nothing more waits
        if (!deliver)
            continue;
        bool beat = false;
        bool isReady = false;
        bool trigger = false;
        for (const QByteArray &line : QByteArray::fromRawData(buffer, qsizetype(received)).split('\n')) {
            beat = beat || line == "WATCHDOG=1";
            isReady = isReady || line == "READY=1";
            trigger = trigger || line == "WATCHDOG=trigger";
        }
        if (isReady)
            emit ready();
        if (beat)
            emit heartbeat();
        if (trigger)
            emit watchdogTriggered();
    }
}

} // namespace SupervisorLab
