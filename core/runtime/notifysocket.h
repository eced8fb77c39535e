#pragma once

#include <QObject>
#include <QString>

class QSocketNotifier;

namespace SupervisorLab {

// One end of systemd's notify protocol: a Unix datagram socket a program finds in NOTIFY_SOCKET and sends
// newline-separated assignments to (sd_notify(3), systemd-notify(1)). WATCHDOG=1 is a heartbeat, READY=1 says the
// program is ready, WATCHDOG=trigger that it found itself broken (the watchdog's action at once); the rest (STATUS=,
// MAINPID=, ...) is read and ignored. Lives in one thread, with its event loop.
class NotifySocket final : public QObject
{
    Q_OBJECT

public:
    // sockaddr_un's path: 108 bytes with its terminating NUL.
    static constexpr qsizetype kLongestPath = 107;

    explicit NotifySocket(QObject *parent = nullptr);
    ~NotifySocket() override;

    // Binds the socket at `path` (which must not exist); returns what went wrong, or an empty string.
    QString bind(const QString &path);
    const QString &path() const { return m_path; }
    // Reads and drops every datagram waiting: what an earlier incarnation sent is not the next one's.
    void discardPending();

signals:
    void heartbeat();
    void ready();
    void watchdogTriggered();

private:
    void readPending(bool deliver);

    int m_fd = -1;
    QString m_path;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace SupervisorLab
