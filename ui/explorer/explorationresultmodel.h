#pragma once

#include "analysis/explorationresult.h"

#include <QAbstractTableModel>

namespace SupervisorLab {

// An exploration's summaries side by side: one column per policy, one row per measure, each figure with its
// unit, formatted as the headless report formats it (ExplorationFigures). Where the policies differ, the best
// figure of a row is bold.
class ExplorationResultModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Row
    {
        AvailabilityRow,
        RestartsRow,
        GivesUpRow,
        TimeToGiveUpRow,
        RecoveryRow,
        LongestOutageRow,
        SeedsRow,
        RowCount
    };
    Q_ENUM(Row)

    enum Role
    {
        BestRole = Qt::UserRole + 1, // true on the best figure of a row, when the policies differ in it
    };

    explicit ExplorationResultModel(QObject *parent = nullptr);

    void setResult(const ExplorationResult &result);
    void clear();
    const ExplorationResult &result() const { return m_result; }

    // The text of a measure's cell for a summary: what the table shows.
    static QString text(Row row, const PolicySummary &summary, const ExplorationSpec &spec);
    static QString label(Row row);
    static QString explanation(Row row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // The policy with the best figure in `row`, or -1 when no single one is best or the row is not ranked.
    int bestPolicy(Row row) const;

    ExplorationResult m_result;
};

} // namespace SupervisorLab
