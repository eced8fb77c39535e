#pragma once

#include <QPointer>
#include <QWidget>

class QHBoxLayout;
class QToolButton;

namespace SupervisorLab {

class EventFilterModel;

// Shows each active filter of an EventFilterModel as a chip with its own remove button, and "Clear all" when
// there are several; hidden while no filter is active, so an unfiltered log never looks filtered.
class FilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit FilterBar(QWidget *parent = nullptr);

    void setFilterModel(EventFilterModel *model);
    EventFilterModel *filterModel() const { return m_model; }

private:
    void rebuild();
    QWidget *createChip(const QString &id, const QString &label);

    QPointer<EventFilterModel> m_model;
    QWidget *m_chipArea = nullptr;
    QHBoxLayout *m_chipLayout = nullptr;
    QToolButton *m_clearAll = nullptr;
    QList<QWidget *> m_chips;
};

} // namespace SupervisorLab
