#pragma once

#include <QStyledItemDelegate>

namespace SupervisorLab {

// Edits a parameter's value text in a table cell whose KeyRole names the parameter: a choice from its list in a
// combo box, a limit as a number or "unlimited", anything else as text. The model checks what comes back.
class ParameterCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ParameterCellDelegate(int keyRole, QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

private:
    int m_keyRole;
};

} // namespace SupervisorLab
