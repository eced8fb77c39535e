#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

class QIODevice;

namespace SupervisorLab {

struct ExplorationResult;

enum class ExplorationFormat
{
    Csv,
    Json
};

// Writes an exploration's results to a file, atomically: the file appears complete or not at all.
// - CSV: one row per policy and seed with that run's outcome (times in microseconds, availability 0..1).
// - JSON: the spec, then per policy its full configuration (but the seed), its summary and every seed's
//   outcome, one seed per line, with each recovery time.
// Neither holds the threads or the time the exploration took: the same spec always gives the same bytes.
class ExplorationExport
{
    Q_DECLARE_TR_FUNCTIONS(ExplorationExport)

public:
    static std::optional<ExplorationFormat> formatFor(const QString &path);
    static QString supportedExtensions();
    static const QByteArray &csvHeader(); // with its newline
    static bool writeCsv(const ExplorationResult &result, QIODevice &device);
    static bool writeJson(const ExplorationResult &result, QIODevice &device);
    static bool save(const ExplorationResult &result, const QString &path, QString *error);
};

} // namespace SupervisorLab
