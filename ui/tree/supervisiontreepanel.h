#pragma once

#include "policy/manualaction.h"
#include "policy/supervisorspec.h"

#include <QWidget>

#include <memory>
#include <optional>

class QMenu;
class QTreeView;

namespace SupervisorLab {

class EventLog;
class SupervisionTreeModel;
struct SupervisorConfig;

// The supervision tree of the run, live, as Erlang's Observer shows an application: a QTreeView over a
// SupervisionTreeModel. Selecting a node selects its lane in the timeline (nodeSelected), and back (selectNode).
// Right-click a node for what a person can do to it by hand: a worker can be failed now, stopped (terminate_child) or
// started again (restart_child); a supervisor made to give up. What cannot apply now is disabled.
class SupervisionTreePanel : public QWidget
{
    Q_OBJECT

public:
    explicit SupervisionTreePanel(QWidget *parent = nullptr);
    ~SupervisionTreePanel() override;

    SupervisionTreeModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }

    // The tree shown while there is no run.
    void setPlannedConfig(const SupervisorConfig &config);
    void setLog(std::shared_ptr<const EventLog> log);
    void takeIn(qsizetype end);
    void refresh();
    // Whether the run takes actions by hand now (a live run on threads): else every action is disabled.
    void setActionsEnabled(bool enabled) { m_actionsEnabled = enabled; }
    // Selects a node (its row; nothing for none) without emitting nodeSelected().
    void selectNode(const std::optional<TreeChild> &node);
    // The actions for a node, as its context menu shows them.
    void addNodeActions(QMenu &menu, const TreeChild &node);

signals:
    void nodeSelected(SupervisorLab::TreeChild node);
    void failWorkerRequested(int worker);
    void manualActionRequested(SupervisorLab::ManualAction action, int index);

private:
    void showMenu(const QPoint &pos);
    void onCurrentChanged();

    SupervisionTreeModel *m_model;
    QTreeView *m_view;
    bool m_actionsEnabled = false;
    bool m_selecting = false; // selectNode() at work: nothing to echo
};

} // namespace SupervisorLab
