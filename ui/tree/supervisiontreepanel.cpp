#include "tree/supervisiontreepanel.h"

#include "tree/supervisiontreemodel.h"

#include <QHeaderView>
#include <QMenu>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

SupervisionTreePanel::SupervisionTreePanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new SupervisionTreeModel(this))
    , m_view(new QTreeView(this))
{
    m_view->setObjectName(u"supervisionTreeView"_s);
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(true);
    // In a narrow dock the restarts stay in view: a long state is elided (its tooltip says it whole).
    m_view->header()->setSectionResizeMode(SupervisionTreeModel::NameColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(SupervisionTreeModel::RestartsColumn, QHeaderView::ResizeToContents);
    m_view->setColumnWidth(SupervisionTreeModel::StateColumn, 130);
    m_view->setToolTip(tr("The supervision tree, live: select a node to select its lane in the timeline; right-click "
                          "it to fail, stop or start it again, or to make a supervisor give up"));
    setAccessibleName(tr("Supervision tree"));
    m_view->setAccessibleName(tr("Supervision tree"));
    m_view->setAccessibleDescription(m_view->toolTip());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    // A new tree shows whole; a run of the same tree keeps what the user folded.
    connect(m_model, &QAbstractItemModel::modelReset, m_view, &QTreeView::expandAll);
    connect(m_view, &QWidget::customContextMenuRequested, this, &SupervisionTreePanel::showMenu);
    connect(
        m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &SupervisionTreePanel::onCurrentChanged);
    m_view->expandAll();
}

SupervisionTreePanel::~SupervisionTreePanel() = default;

void SupervisionTreePanel::setPlannedConfig(const SupervisorConfig &config)
{
    m_model->setPlannedConfig(config);
}

void SupervisionTreePanel::setLog(std::shared_ptr<const EventLog> log)
{
    m_model->setLog(std::move(log));
}

void SupervisionTreePanel::takeIn(qsizetype end)
{
    m_model->takeIn(end);
}

void SupervisionTreePanel::refresh()
{
    m_model->refresh();
}

void SupervisionTreePanel::selectNode(const std::optional<TreeChild> &node)
{
    const QModelIndex index = node ? m_model->indexOf(*node) : QModelIndex();
    if (index == m_view->currentIndex())
        return;
    m_selecting = true;
    if (index.isValid()) {
        m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->scrollTo(index);
    } else {
        m_view->selectionModel()->clearSelection();
        m_view->selectionModel()->setCurrentIndex({}, QItemSelectionModel::NoUpdate);
    }
    m_selecting = false;
}

void SupervisionTreePanel::onCurrentChanged()
{
    if (m_selecting)
        return;
    if (const std::optional<TreeChild> node = m_model->nodeOf(m_view->currentIndex()))
        emit nodeSelected(*node);
}

void SupervisionTreePanel::showMenu(const QPoint &pos)
{
    const std::optional<TreeChild> node = m_model->nodeOf(m_view->indexAt(pos));
    if (!node)
        return;
    QMenu menu(this);
    addNodeActions(menu, *node);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void SupervisionTreePanel::addNodeActions(QMenu &menu, const TreeChild &node)
{
    const QString name = m_model->nodeName(node);
    const std::optional<StateColor> state = m_model->state(node);
    const bool running = state == StateColor::Running;
    if (node.supervisor) {
        const int supervisor = node.index;
        //: %1 is the supervisor's name
        QAction *giveUp = menu.addAction(tr("Make %1 give up now").arg(name), this,
            [this, supervisor] { emit manualActionRequested(ManualAction::GiveUpSupervisor, supervisor); });
        giveUp->setObjectName(u"giveUpAction"_s);
        giveUp->setEnabled(m_actionsEnabled && running);
        giveUp->setToolTip(supervisor == 0
                ? tr("As if its restart intensity were exceeded: it stops every child and the run ends")
                : tr("As if its restart intensity were exceeded: it stops its children and exits, and its parent "
                     "restarts it or not as its restart type says"));
        return;
    }
    const int worker = node.index;
    const bool waiting = state == StateColor::Waiting;
    const bool down = state && !running && !waiting && state != StateColor::Stopping;
    //: %1 is the worker's name
    QAction *fail
        = menu.addAction(tr("Fail %1 now").arg(name), this, [this, worker] { emit failWorkerRequested(worker); });
    fail->setObjectName(u"failAction"_s);
    fail->setEnabled(m_actionsEnabled && running);
    fail->setToolTip(tr("Make the running incarnation fail, as if its work had gone wrong"));
    //: %1 is the worker's name; terminate_child is the Erlang function's name, not translated
    QAction *stop = menu.addAction(tr("Stop %1 (terminate_child)").arg(name), this,
        [this, worker] { emit manualActionRequested(ManualAction::StopWorker, worker); });
    stop->setObjectName(u"stopAction"_s);
    stop->setEnabled(m_actionsEnabled && running);
    stop->setToolTip(tr("Stop it and keep it down, whatever its restart type, until it is started again"));
    //: %1 is the worker's name; restart_child is the Erlang function's name, not translated
    QAction *start = menu.addAction(tr("Start %1 again (restart_child)").arg(name), this,
        [this, worker] { emit manualActionRequested(ManualAction::RestartWorker, worker); });
    start->setObjectName(u"restartAction"_s);
    start->setEnabled(m_actionsEnabled && down && m_model->isParentRunning(node));
    start->setToolTip(tr("Start a worker that is down and not waiting to restart; its supervisor must be running"));
}

} // namespace SupervisorLab
