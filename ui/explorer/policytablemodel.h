#pragma once

#include "policy/supervisorconfig.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace SupervisorLab {

struct ExplorationSpec;

// The policies an exploration compares, side by side: one column per policy (at most
// ExplorationSpec::kMaxPolicies), one row per policy parameter. Cells hold SupervisorConfig value texts and every
// edit goes through SupervisorConfig::setValue() and validate(); a refused edit changes nothing and says why
// through editRefused(). A cell whose value differs from the first policy's stands out (bold, in a wash of its
// policy's colour), so what sets the policies apart shows at a glance. The column headers are the policies'
// names, unique and editable; a policy the user has not named is named after its delay model, and renamed as it
// changes.
class PolicyTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role
    {
        KeyRole = Qt::UserRole + 1, // the parameter's key
        DiffersRole, // true where the value differs from the first policy's
    };

    explicit PolicyTableModel(QObject *parent = nullptr);

    // Every parameter of parameterSpecs() that belongs to a policy: not part of the workload, and not one the
    // exploration sets itself (duration, seed, virtual time). In the table's order.
    static const QStringList &policyKeys();
    // The policy part of `config`, as an exploration spec's policy config holds it.
    static QJsonObject policyPart(const SupervisorConfig &config);
    // A short name that says what sets a policy apart: "fixed 500 ms", "backoff + full jitter".
    static QString describe(const SupervisorConfig &config);

    int policyCount() const { return int(m_policies.size()); }
    QString policyName(int policy) const { return m_policies.at(policy).name; }
    QJsonObject policyConfig(int policy) const { return policyPart(m_policies.at(policy).config); }
    QString lastRefusal() const { return m_lastRefusal; }

    // Adds a column with the policy part of `config`, named after it; false when the table is full.
    bool addPolicy(const SupervisorConfig &config);
    // Removes a column; the last one stays.
    bool removePolicy(int policy);
    // Renames a policy; false, with the reason through editRefused(), if the name is empty or taken.
    bool renamePolicy(int policy, const QString &name);
    // Replaces every policy with those of `spec` (as ExplorationSpec::fromJson checked it), each under its name.
    void setPolicies(const ExplorationSpec &spec);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool setHeaderData(
        int section, Qt::Orientation orientation, const QVariant &value, int role = Qt::EditRole) override;

signals:
    // An edit or a rename was refused; `reason` names the policy and the parameter.
    void editRefused(const QString &reason);
    // Anything that changes the spec the policies make: a value, a name, a column added or removed.
    void policiesChanged();

private:
    struct Policy
    {
        QString name;
        SupervisorConfig config;
        bool named = false; // by the user; else it follows describe()
    };

    QString uniqueName(const QString &base, int except) const;
    // A policy the user has not named is renamed after what it has become.
    void followDescription(int policy);
    bool differsFromFirst(int row, int column) const;
    void refuse(const QString &reason);

    QList<Policy> m_policies;
    QString m_lastRefusal;
};

} // namespace SupervisorLab
