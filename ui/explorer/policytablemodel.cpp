#include "explorer/policytablemodel.h"

#include "analysis/explorationfigures.h"
#include "analysis/explorationspec.h"
#include "explorer/policycolors.h"
#include "parametereditor.h"
#include "policy/parameterspec.h"

#include <QFont>
#include <QGuiApplication>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

PolicyTableModel::PolicyTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

const QStringList &PolicyTableModel::policyKeys()
{
    static const QStringList keys = [] {
        QStringList list;
        for (const ParameterSpec &spec : parameterSpecs()) {
            if (!ExplorationSpec::workloadKeys().contains(spec.key) && spec.key != u"duration" && spec.key != u"seed"
                && spec.key != u"virtual_time")
                list << spec.key;
        }
        return list;
    }();
    return keys;
}

QJsonObject PolicyTableModel::policyPart(const SupervisorConfig &config)
{
    const QJsonObject whole = config.toJson();
    QJsonObject part;
    for (const QString &key : policyKeys())
        part.insert(key, whole.value(key));
    return part;
}

QString PolicyTableModel::describe(const SupervisorConfig &config)
{
    QString name = config.backoff == BackoffKind::Exponential
        ? u"backoff"_s
        : u"fixed "_s + ExplorationFigures::duration(config.delayMs * 1000);
    if (config.jitter != Jitter::None)
        name += u" + %1 jitter"_s.arg(nameOf(config.jitter));
    return name;
}

bool PolicyTableModel::addPolicy(const SupervisorConfig &config)
{
    if (m_policies.size() >= ExplorationSpec::kMaxPolicies) {
        refuse(tr("An exploration compares at most %1 policies: remove one first.").arg(ExplorationSpec::kMaxPolicies));
        return false;
    }
    const int column = int(m_policies.size());
    beginInsertColumns({}, column, column);
    m_policies.append({ uniqueName(describe(config), -1), config, false });
    endInsertColumns();
    emit policiesChanged();
    return true;
}

void PolicyTableModel::setPolicies(const ExplorationSpec &spec)
{
    beginResetModel();
    m_policies.clear();
    for (qsizetype policy = 0; policy < spec.policies.size() && policy < ExplorationSpec::kMaxPolicies; ++policy)
        m_policies.append({ spec.policies.at(policy).name, spec.configFor(int(policy), spec.firstSeed), true });
    endResetModel();
    emit policiesChanged();
}

bool PolicyTableModel::removePolicy(int policy)
{
    if (policy < 0 || policy >= m_policies.size() || m_policies.size() <= 1)
        return false;
    beginRemoveColumns({}, policy, policy);
    m_policies.removeAt(policy);
    endRemoveColumns();
    if (policy == 0 && rowCount() > 0) // a new first policy: every other column is compared with it
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    emit policiesChanged();
    return true;
}

bool PolicyTableModel::renamePolicy(int policy, const QString &name)
{
    if (policy < 0 || policy >= m_policies.size())
        return false;
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        refuse(tr("A policy needs a name."));
        return false;
    }
    for (int other = 0; other < m_policies.size(); ++other) {
        if (other != policy && m_policies.at(other).name == trimmed) {
            //: %1 is the name asked for, %2 the number of the policy that has it
            refuse(tr("\"%1\" is already the name of policy %2: names tell the policies apart in the results.")
                       .arg(trimmed, QString::number(other + 1)));
            return false;
        }
    }
    m_policies[policy].name = trimmed;
    m_policies[policy].named = true;
    m_lastRefusal.clear();
    emit headerDataChanged(Qt::Horizontal, policy, policy);
    emit policiesChanged();
    return true;
}

QString PolicyTableModel::uniqueName(const QString &base, int except) const
{
    const auto taken = [&](const QString &name) {
        for (int other = 0; other < m_policies.size(); ++other) {
            if (other != except && m_policies.at(other).name == name)
                return true;
        }
        return false;
    };
    QString name = base;
    for (int suffix = 2; taken(name); ++suffix)
        name = u"%1 (%2)"_s.arg(base).arg(suffix);
    return name;
}

void PolicyTableModel::followDescription(int policy)
{
    if (m_policies.at(policy).named)
        return;
    const QString described = describe(m_policies.at(policy).config);
    // A policy that still fits its description keeps its name, suffix and all.
    const QString &name = m_policies.at(policy).name;
    if (name == described || name.startsWith(described + u" ("_s))
        return;
    m_policies[policy].name = uniqueName(described, policy);
    emit headerDataChanged(Qt::Horizontal, policy, policy);
}

void PolicyTableModel::refuse(const QString &reason)
{
    m_lastRefusal = reason;
    emit editRefused(reason);
}

bool PolicyTableModel::differsFromFirst(int row, int column) const
{
    const QString &key = policyKeys().at(row);
    return column > 0 && m_policies.at(column).config.valueText(key) != m_policies.at(0).config.valueText(key);
}

int PolicyTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(policyKeys().size());
}

int PolicyTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_policies.size());
}

QVariant PolicyTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &key = policyKeys().at(index.row());
    const Policy &policy = m_policies.at(index.column());
    const QString text = policy.config.valueText(key);
    switch (role) {
    case Qt::DisplayRole:
        //: A value in milliseconds, as the command line writes it
        return findParameter(key)->kind == ParameterKind::Milliseconds ? tr("%1 ms").arg(text) : text;
    case Qt::EditRole:
        return text;
    case KeyRole:
        return key;
    case DiffersRole:
        return differsFromFirst(index.row(), index.column());
    case Qt::FontRole:
        if (differsFromFirst(index.row(), index.column())) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::BackgroundRole:
        if (differsFromFirst(index.row(), index.column()))
            return PolicyColors::tint(index.column(), QGuiApplication::palette());
        return {};
    case Qt::ToolTipRole: {
        QString tip = ParameterEditor::toolTipOf(*findParameter(key));
        if (differsFromFirst(index.row(), index.column())) {
            //: %1 is the first policy's name, %2 its value
            tip += tr("<p><b>Differs from %1</b>, which has %2.</p>")
                       .arg(m_policies.at(0).name.toHtmlEscaped(),
                           m_policies.at(0).config.valueText(key).toHtmlEscaped());
        }
        return tip;
    }
    default:
        return {};
    }
}

bool PolicyTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString &key = policyKeys().at(index.row());
    Policy &policy = m_policies[index.column()];
    SupervisorConfig changed = policy.config;
    // setValue() says what is wrong with the value, validate() names the parameters of the rule it breaks.
    QString error = changed.setValue(key, value.toString().trimmed());
    if (!error.isEmpty())
        error = key + u' ' + error;
    else
        error = changed.validate();
    if (!error.isEmpty()) {
        //: %1 is the policy's name, %2 what is wrong with the value
        refuse(tr("%1: %2. The value stays as it was.").arg(policy.name, error));
        return false;
    }
    m_lastRefusal.clear();
    if (changed == policy.config)
        return true;
    policy.config = changed;
    // Editing the first policy changes what the others are compared with.
    if (index.column() == 0)
        emit dataChanged(this->index(index.row(), 0), this->index(index.row(), columnCount() - 1));
    else
        emit dataChanged(index, index);
    followDescription(index.column());
    emit policiesChanged();
    return true;
}

Qt::ItemFlags PolicyTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

QVariant PolicyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (section < 0 || section >= rowCount())
            return {};
        const QString &key = policyKeys().at(section);
        if (role == Qt::DisplayRole)
            return key;
        if (role == Qt::ToolTipRole)
            return ParameterEditor::toolTipOf(*findParameter(key));
        return {};
    }
    if (section < 0 || section >= columnCount())
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return m_policies.at(section).name;
    case Qt::DecorationRole:
        return PolicyColors::swatch(section, QGuiApplication::palette());
    case Qt::ToolTipRole:
        //: %1 is the policy's number, %2 its name
        return tr("Policy %1, \"%2\": double-click to rename it. Its colour marks it in the results, the "
                  "distributions and the seeds.")
            .arg(QString::number(section + 1), m_policies.at(section).name);
    default:
        return {};
    }
}

bool PolicyTableModel::setHeaderData(int section, Qt::Orientation orientation, const QVariant &value, int role)
{
    if (orientation != Qt::Horizontal || role != Qt::EditRole)
        return false;
    return renamePolicy(section, value.toString());
}

} // namespace SupervisorLab
