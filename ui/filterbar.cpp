#include "filterbar.h"

#include "eventfiltermodel.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    setAccessibleName(tr("Active filters"));
    setAccessibleDescription(tr("Only events that pass every filter are listed"));
    auto *caption = new QLabel(tr("Filters:"), this);
    caption->setToolTip(tr("Only events that pass every filter are listed"));
    layout->addWidget(caption);

    // The chips may need more room than there is; they are clipped rather than widening the whole panel,
    // and "Clear all" stays reachable at the right.
    m_chipArea = new QWidget(this);
    m_chipArea->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_chipLayout = new QHBoxLayout(m_chipArea);
    m_chipLayout->setSizeConstraint(QLayout::SetNoConstraint);
    m_chipLayout->setContentsMargins(0, 0, 0, 0);
    m_chipLayout->addStretch(1);
    layout->addWidget(m_chipArea, 1);

    m_clearAll = new QToolButton(this);
    m_clearAll->setObjectName(u"clearAllFiltersButton"_s);
    m_clearAll->setText(tr("Clear all"));
    m_clearAll->setToolTip(tr("Remove every filter"));
    m_clearAll->setAccessibleName(tr("Clear all filters"));
    m_clearAll->setAccessibleDescription(tr("Remove every filter"));
    m_clearAll->setAutoRaise(true);
    connect(m_clearAll, &QToolButton::clicked, this, [this] {
        if (m_model)
            m_model->clearFilters();
    });
    layout->addWidget(m_clearAll);

    rebuild();
}

void FilterBar::setFilterModel(EventFilterModel *model)
{
    if (m_model == model)
        return;
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model)
        connect(m_model, &EventFilterModel::filtersChanged, this, &FilterBar::rebuild);
    rebuild();
}

void FilterBar::rebuild()
{
    // A chip may be rebuilt from inside its own button's click, so it is deleted later, not now.
    for (QWidget *chip : std::as_const(m_chips)) {
        m_chipLayout->removeWidget(chip);
        chip->hide();
        chip->deleteLater();
    }
    m_chips.clear();

    const QList<EventFilterModel::Filter> filters
        = m_model ? m_model->activeFilters() : QList<EventFilterModel::Filter>();
    QStringList labels;
    for (const EventFilterModel::Filter &filter : filters) {
        QWidget *chip = createChip(filter.id, filter.label);
        m_chipLayout->insertWidget(int(m_chips.size()), chip);
        chip->show(); // a layout shows a new child of a visible widget only later
        m_chips.append(chip);
        labels.append(filter.label);
    }
    m_chipArea->setToolTip(labels.join(u'\n'));
    m_clearAll->setVisible(filters.size() >= 2);
    setVisible(!filters.isEmpty());
}

QWidget *FilterBar::createChip(const QString &id, const QString &label)
{
    auto *chip = new QFrame(m_chipArea);
    chip->setObjectName(u"filterChip"_s);
    chip->setProperty("filterId", id);
    chip->setStyleSheet(u"QFrame#filterChip { border: 1px solid palette(mid); border-radius: 9px;"
                        " background: palette(button); }"_s);
    auto *layout = new QHBoxLayout(chip);
    layout->setContentsMargins(8, 0, 2, 0);
    layout->setSpacing(2);

    auto *text = new QLabel(label, chip);
    //: %1 is the filter's label
    text->setToolTip(tr("Showing only events that match \"%1\"").arg(label));
    layout->addWidget(text);

    auto *remove = new QToolButton(chip);
    remove->setObjectName(u"removeFilterButton"_s);
    remove->setText(u"×"_s);
    remove->setAutoRaise(true);
    remove->setToolTip(tr("Remove this filter"));
    //: %1 is the filter's label
    remove->setAccessibleName(tr("Remove filter: %1").arg(label));
    connect(remove, &QToolButton::clicked, this, [this, id] {
        if (m_model)
            m_model->removeFilter(id);
    });
    layout->addWidget(remove);
    return chip;
}

} // namespace SupervisorLab
