#include "eventlogpanel.h"

#include "eventfiltermodel.h"
#include "eventlogmodel.h"
#include "filterbar.h"

#include "events/readinglocale.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMenu>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <chrono>
#include <utility>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace SupervisorLab {
namespace {

// Long enough to wait out a word being typed, short enough to feel immediate.
constexpr auto kSearchDelay = 200ms;

QToolButton *menuButton(const QString &text, const QString &name, const QString &toolTip, QMenu *menu, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(toolTip);
    // Its text changes with the filter ("Worker (2)"); its name says what it is.
    button->setAccessibleName(name);
    button->setAccessibleDescription(toolTip);
    menu->setAccessibleName(name);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setMenu(menu);
    menu->setToolTipsVisible(true);
    return button;
}

} // namespace

EventLogPanel::EventLogPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new EventLogModel(this))
    , m_filter(new EventFilterModel(this))
{
    m_filter->setSourceModel(m_model);

    m_workerMenu = new QMenu(this);
    setAccessibleName(tr("Event log"));
    m_workerButton = menuButton(
        tr("Worker"), tr("Worker filter"), tr("Show only the events of the checked workers"), m_workerMenu, this);
    m_workerButton->setObjectName(u"workerFilterButton"_s);

    m_eventMenu = new QMenu(this);
    m_eventButton
        = menuButton(tr("Event"), tr("Event filter"), tr("Show only the checked kinds of event"), m_eventMenu, this);
    m_eventButton->setObjectName(u"eventFilterButton"_s);
    QAction *allKinds = m_eventMenu->addAction(tr("All events"), m_filter, &EventFilterModel::clearKinds);
    allKinds->setToolTip(tr("Remove the event filter"));
    m_eventMenu->addSeparator();
    for (int kind = 0; kind < kEventKindCount; ++kind) {
        QAction *action = m_eventMenu->addAction(eventName(EventKind(kind)));
        action->setCheckable(true);
        action->setData(kind);
        //: %1 is an event's name as the log writes it, "worker_failed"
        action->setToolTip(tr("Show %1 events").arg(eventName(EventKind(kind))));
        connect(action, &QAction::triggered, this, [this, kind](bool checked) {
            if (checked)
                m_filter->addKind(EventKind(kind));
            else
                m_filter->removeKind(EventKind(kind));
        });
    }

    m_search = new QLineEdit(this);
    m_search->setObjectName(u"searchField"_s);
    m_search->setPlaceholderText(tr("Search events"));
    m_search->setToolTip(tr("Show only events whose name, worker or detail contains this text"));
    m_search->setAccessibleName(tr("Search events"));
    m_search->setAccessibleDescription(m_search->toolTip());
    m_search->setClearButtonEnabled(true);
    // Qt gives its clear button neither a tooltip nor a name a screen reader could say.
    if (auto *clear = m_search->findChild<QAction *>(u"_q_qlineeditclearaction"_s))
        clear->setToolTip(tr("Clear the search"));
    for (QToolButton *button : m_search->findChildren<QToolButton *>())
        button->setAccessibleName(tr("Clear the search"));
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(kSearchDelay);
    connect(&m_searchDelay, &QTimer::timeout, this, &EventLogPanel::applySearch);
    connect(m_search, &QLineEdit::textEdited, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &EventLogPanel::applySearch);
    // The clear button changes the text without an edit; clearing needs no debounce.
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty())
            applySearch();
    });

    m_filterBar = new FilterBar(this);
    m_filterBar->setFilterModel(m_filter);

    m_view = new QTableView(this);
    m_view->setObjectName(u"eventLogView"_s);
    m_view->setAccessibleName(tr("Events"));
    m_view->setAccessibleDescription(tr("The run's events in the order they happened: time, worker, incarnation, "
                                        "event and detail; it follows the newest event while scrolled to the end"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setCornerButtonEnabled(false);
    m_view->setSortingEnabled(false); // rows stay in the log's order; EventFilterModel::nearestRow relies on it
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);

    // Every row the same fixed height: the view never measures rows, however long the log grows.
    const QFontMetrics metrics(m_view->font());
    const int rowHeight = metrics.height() + 4;
    QHeaderView *rows = m_view->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setMinimumSectionSize(rowHeight);
    rows->setDefaultSectionSize(rowHeight);

    QHeaderView *columns = m_view->horizontalHeader();
    columns->setStretchLastSection(true);
    columns->setHighlightSections(false);
    columns->setSectionResizeMode(QHeaderView::Interactive);
    const auto widthFor = [&](int column, const QString &widest, int extra = 0) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        const int padding = 2 * m_view->style()->pixelMetric(QStyle::PM_HeaderMargin) + 12;
        columns->resizeSection(
            column, std::max(metrics.horizontalAdvance(widest) + extra, metrics.horizontalAdvance(title)) + padding);
    };
    widthFor(EventLogModel::TimeColumn, EventLogModel::timeText(99'999'999'999));
    widthFor(EventLogModel::WorkerColumn,
        std::max(EventLogModel::workerText(EventFilterModel::kSupervisor), EventLogModel::workerText(99),
            [&](const QString &a, const QString &b) {
                return metrics.horizontalAdvance(a) < metrics.horizontalAdvance(b);
            }));
    widthFor(EventLogModel::IncarnationColumn, u"00000"_s);
    widthFor(EventLogModel::EventColumn, u"supervisor_stopping"_s,
        m_view->style()->pixelMetric(QStyle::PM_SmallIconSize) + 4);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        [this](const QItemSelection &selected) { onSelectionChanged(selected); });
    QScrollBar *scrollBar = m_view->verticalScrollBar();
    connect(scrollBar, &QScrollBar::valueChanged, this, &EventLogPanel::onScrolled);
    connect(scrollBar, &QScrollBar::rangeChanged, this, [this](int, int maximum) { onScrollRangeChanged(maximum); });
    connect(m_filter, &EventFilterModel::filtersChanged, this, [this] {
        syncControlsWithFilters();
        keepPlaceAfterFiltering();
    });

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_workerButton);
    controls->addWidget(m_eventButton);
    controls->addWidget(m_search, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_view, 1);

    rebuildWorkerMenu();
}

EventLogPanel::~EventLogPanel()
{
    // Hiding the children on the way out still moves the scroll bar, after this part of the object is gone.
    disconnect(m_view->verticalScrollBar(), nullptr, this, nullptr);
    disconnect(m_view->selectionModel(), nullptr, this, nullptr);
    disconnect(m_search, nullptr, this, nullptr);
    disconnect(m_filter, nullptr, this, nullptr);
}

void EventLogPanel::setLog(std::shared_ptr<const EventLog> log)
{
    m_model->setLog(nullptr); // the next log comes in with the window of a table following its newest event
    m_following = true;
    updateRowWindow();
    m_model->setLog(std::move(log));
    m_view->scrollToBottom();
    m_workerCount = 0;
    updateWorkerCount();
    rebuildWorkerMenu();
}

void EventLogPanel::refresh(qsizetype upTo)
{
    updateWorkerCount();
    m_model->refresh(upTo);
    if (m_following)
        m_view->scrollToBottom();
}

void EventLogPanel::updateWorkerCount()
{
    // The number of workers is fixed for a run and given by its first event.
    const std::shared_ptr<const EventLog> &log = m_model->log();
    if (m_workerCount > 0 || !log || log->isEmpty())
        return;
    const int workers = int(log->header().config.value(u"workers"_s).toInteger(0));
    if (workers == m_workerCount)
        return;
    m_workerCount = workers;
    rebuildWorkerMenu();
}

void EventLogPanel::rebuildWorkerMenu()
{
    m_workerMenu->clear();
    QAction *all = m_workerMenu->addAction(tr("All workers"), m_filter, &EventFilterModel::clearWorkers);
    all->setToolTip(tr("Remove the worker filter"));
    m_workerMenu->addSeparator();
    for (int worker = EventFilterModel::kSupervisor; worker < m_workerCount; ++worker) {
        const QString name = EventLogModel::workerText(worker);
        QAction *action = m_workerMenu->addAction(name);
        action->setCheckable(true);
        action->setData(worker);
        //: %1 is a worker, "worker 2"
        action->setToolTip(worker == EventFilterModel::kSupervisor
                ? tr("Show the events of the supervisor and of the run as a whole")
                : tr("Show the events of %1").arg(name));
        connect(action, &QAction::triggered, this, [this, worker](bool checked) {
            if (checked)
                m_filter->addWorker(worker);
            else
                m_filter->removeWorker(worker);
        });
    }
    syncControlsWithFilters();
}

void EventLogPanel::syncControlsWithFilters()
{
    const QList<int> workers = m_filter->workers();
    for (QAction *action : m_workerMenu->actions()) {
        if (action->isCheckable())
            action->setChecked(workers.contains(action->data().toInt()));
    }
    for (QAction *action : m_eventMenu->actions()) {
        if (action->isCheckable())
            action->setChecked(m_filter->hasKind(EventKind(action->data().toInt())));
    }
    //: The worker filter's button: %1 is how many workers are checked
    m_workerButton->setText(
        workers.isEmpty() ? tr("Worker") : tr("Worker (%1)").arg(readingLocale().toString(workers.size())));
    const qsizetype kinds = m_filter->kinds().size();
    //: The event filter's button: %1 is how many kinds of event are checked
    m_eventButton->setText(kinds == 0 ? tr("Event") : tr("Event (%1)").arg(readingLocale().toString(kinds)));
    // A search removed from its chip empties the field, unless the user is typing a new one.
    if (!m_searchDelay.isActive() && m_search->text().trimmed() != m_filter->searchText()) {
        const QSignalBlocker blocker(m_search);
        m_search->setText(m_filter->searchText());
    }
}

void EventLogPanel::applySearch()
{
    m_searchDelay.stop();
    m_filter->setSearchText(m_search->text());
}

void EventLogPanel::setWorkerFilter(int worker)
{
    m_filter->setWorkers({ std::max(worker, EventFilterModel::kSupervisor) });
}

bool EventLogPanel::selectEvent(qsizetype eventIndex)
{
    if (eventIndex >= m_model->firstEvent() + m_model->rowCount())
        refresh();
    if (eventIndex < m_model->firstEvent())
        setFollowing(false);
    const QScopedValueRollback programmatic(m_selectingProgrammatically, true);
    const int row = m_filter->mapFromEventIndex(eventIndex);
    if (row < 0) {
        m_view->selectionModel()->clear();
        const int nearest = m_filter->nearestRow(eventIndex);
        if (nearest >= 0)
            m_view->scrollTo(m_filter->index(nearest, 0), QAbstractItemView::PositionAtCenter);
        return false;
    }
    const QModelIndex index = m_filter->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

qsizetype EventLogPanel::selectedEventIndex() const
{
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    return selected.isEmpty() ? -1 : m_filter->eventIndex(selected.first().row());
}

void EventLogPanel::onSelectionChanged(const QItemSelection &selected)
{
    if (m_selectingProgrammatically || selected.isEmpty())
        return;
    const qsizetype eventIndex = m_filter->eventIndex(selected.indexes().first().row());
    if (eventIndex >= 0)
        emit eventSelected(eventIndex);
}

void EventLogPanel::keepPlaceAfterFiltering()
{
    QScrollBar *scrollBar = m_view->verticalScrollBar();
    if (m_following) {
        updateRowWindow(); // a filter applies to every row
        m_view->scrollToBottom();
        return;
    }
    {
        const QScopedValueRollback adjusting(m_adjustingScroll, true);
        // The view lays its rows out later; scrollToBottom() does it now, so that the range below is the new one.
        const int value = scrollBar->value();
        m_view->scrollToBottom();
        scrollBar->setValue(value);
        // Rows above come and go with the filters: keep the selected event in sight, not a row number.
        const QModelIndexList selected = m_view->selectionModel()->selectedRows();
        if (!selected.isEmpty())
            m_view->scrollTo(selected.first(), QAbstractItemView::PositionAtCenter);
    }
    setFollowing(scrollBar->value() >= scrollBar->maximum());
}

void EventLogPanel::onScrolled(int value)
{
    // The slider pulling its value down to a smaller maximum is not the user scrolling.
    if (std::exchange(m_clamping, false) || m_adjustingScroll)
        return;
    // Scrolling up stops following the newest event; coming back to the bottom resumes it.
    setFollowing(value >= m_view->verticalScrollBar()->maximum());
}

void EventLogPanel::setFollowing(bool following)
{
    if (following == m_following)
        return;
    m_following = following;
    updateRowWindow();
}

void EventLogPanel::updateRowWindow()
{
    const int newestOnly = m_following && !m_filter->hasFilters() ? kFollowedRows : 0;
    if (m_model->firstEvent() == 0 && newestOnly > 0 && m_model->rowCount() <= newestOnly) {
        m_model->setNewestOnly(newestOnly); // nothing to drop yet
        return;
    }
    QScrollBar *scrollBar = m_view->verticalScrollBar();
    const int value = scrollBar->value();
    const int before = m_filter->rowCount();
    m_model->setNewestOnly(newestOnly);
    const int added = m_filter->rowCount() - before;
    if (added == 0)
        return;
    // Rows came or went in front of those in view: the same rows stay in view.
    const QScopedValueRollback adjusting(m_adjustingScroll, true);
    m_view->scrollToBottom(); // lays the rows out now, so that the range is the new one
    scrollBar->setValue(m_following ? scrollBar->maximum() : value + added);
}

void EventLogPanel::onScrollRangeChanged(int maximum)
{
    QScrollBar *scrollBar = m_view->verticalScrollBar();
    if (m_following)
        scrollBar->setValue(maximum);
    else if (scrollBar->value() > maximum)
        m_clamping = true; // QAbstractSlider clamps right after announcing the range
}

} // namespace SupervisorLab
