#pragma once

#include "policy/supervisorconfig.h"

#include <QCoreApplication>
#include <QString>
#include <QStringView>

#include <limits>

namespace SupervisorLab {

// The whole numbers a log file may carry, and their ranges. Both importers read every number through one of
// these, so a hostile file gets the same answer in either format.
struct LogFieldRange
{
    Q_DECLARE_TR_FUNCTIONS(LogFieldRange)

public:
    QStringView name;
    qint64 minimum;
    qint64 maximum;

    // Empty if `value` is in range; otherwise what is wrong with it, naming the field.
    QString problemWith(qint64 value) const;
    // For a value that is not a whole number, or too large for any: `text` as it stood in the file.
    QString problemWithText(QStringView text) const;

    static const LogFieldRange timeUs;
    static const LogFieldRange worker;
    static const LogFieldRange dependency;
    static const LogFieldRange supervisor;
    static const LogFieldRange incarnation;
    static const LogFieldRange delayMs;
    static const LogFieldRange attempt;
    static const LogFieldRange restarts;
    static const LogFieldRange failures;
    static const LogFieldRange completions;
    static const LogFieldRange seed;
};

// The one free text a log carries: a program's `output`, the last lines it wrote (LifecycleEvent::output). Both
// importers check it here: text of at most kMaxBytes in UTF-8 (the lab keeps far less, see OutputTail), each line
// ending in a line break. An end without output carries none; a file does not say it is empty.
struct LogOutputText
{
    Q_DECLARE_TR_FUNCTIONS(LogOutputText)

public:
    static constexpr qsizetype kMaxBytes = 16 * 1024;

    // Empty if `output`, not empty, is one a log may carry; otherwise what is wrong with it, naming the field.
    static QString problemWith(QStringView output);
};

inline constexpr LogFieldRange LogFieldRange::timeUs { u"t_us", 0, SupervisorConfig::kMaxMilliseconds * 1000 };
inline constexpr LogFieldRange LogFieldRange::worker { u"worker", 0, SupervisorConfig::kMaxWorkers - 1 };
inline constexpr LogFieldRange LogFieldRange::dependency { u"dependency", 0, SupervisorConfig::kMaxDependencies - 1 };
// A nested supervisor's: the root (0) carries no `supervisor`.
inline constexpr LogFieldRange LogFieldRange::supervisor { u"supervisor", 1, SupervisorConfig::kMaxSupervisors - 1 };
inline constexpr LogFieldRange LogFieldRange::incarnation { u"incarnation", 1, std::numeric_limits<quint32>::max() };
inline constexpr LogFieldRange LogFieldRange::delayMs { u"delay_ms", 0, SupervisorConfig::kMaxMilliseconds };
inline constexpr LogFieldRange LogFieldRange::attempt { u"attempt", 1, std::numeric_limits<quint32>::max() };
inline constexpr LogFieldRange LogFieldRange::restarts { u"restarts", 0, std::numeric_limits<qint64>::max() };
inline constexpr LogFieldRange LogFieldRange::failures { u"failures", 0, std::numeric_limits<qint64>::max() };
inline constexpr LogFieldRange LogFieldRange::completions { u"completions", 0, std::numeric_limits<qint64>::max() };
inline constexpr LogFieldRange LogFieldRange::seed { u"seed", 0, qint64(SupervisorConfig::kMaxSeed) };

} // namespace SupervisorLab
