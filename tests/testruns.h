#pragma once

#include "patience.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QJsonObject>
#include <QString>
#include <QTest>

#include <memory>

namespace SupervisorLab {

class EventLog;

// A built-in scenario's run in virtual time with `seed`: the same log every time.
std::shared_ptr<EventLog> scenarioRun(const QString &name, quint64 seed);

// A scenario's config object written as JSON in a test.
QJsonObject scenario(const char *json);

// A tree the teaching tests tell: app (one-for-one) > pool (one-for-all, at most 2 restarts) > conn-1..3 (workers
// 0..2); web (worker 3), transient.
extern const char *const kPoolTree;

// The whole content of a file, or nothing if it cannot be read.
QByteArray fileContents(const QString &path);

// Waits, processing events, until `condition` holds; false after `timeoutMs`.
template<typename Condition> bool waitFor(Condition condition, int timeoutMs = kPatienceMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(5);
    }
    return true;
}

} // namespace SupervisorLab
