#include "explorer/parametercelldelegate.h"

#include "policy/parameterspec.h"

#include <QComboBox>
#include <QLineEdit>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

ParameterCellDelegate::ParameterCellDelegate(int keyRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_keyRole(keyRole)
{
}

QWidget *ParameterCellDelegate::createEditor(
    QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const ParameterSpec *spec = findParameter(index.data(m_keyRole).toString());
    if (!spec)
        return QStyledItemDelegate::createEditor(parent, option, index);
    QStringList items;
    bool editable = true;
    switch (spec->kind) {
    case ParameterKind::Choice:
        items = spec->choices;
        editable = false;
        break;
    case ParameterKind::ChoiceList: // one type per worker, comma-separated: the list offers the common case
        items = spec->choices;
        break;
    case ParameterKind::Limit:
        items = { u"unlimited"_s };
        break;
    default: {
        auto *line = new QLineEdit(parent);
        //: %1 is the parameter's name as the command line writes it
        line->setToolTip(tr("Enter a value for %1; Enter applies it, Escape keeps the old one.").arg(spec->key));
        line->setAccessibleName(spec->key);
        line->setAccessibleDescription(line->toolTip());
        return line;
    }
    }
    auto *combo = new QComboBox(parent);
    combo->setEditable(editable);
    combo->addItems(items);
    //: %1 is the parameter's name as the command line writes it
    combo->setToolTip(tr("Choose a value for %1").arg(spec->key));
    combo->setAccessibleName(spec->key);
    combo->setAccessibleDescription(combo->toolTip());
    if (!editable) {
        // A choice is made at once, without a further Enter.
        connect(combo, &QComboBox::activated, this, [this, combo] {
            auto *self = const_cast<ParameterCellDelegate *>(this);
            emit self->commitData(combo);
            emit self->closeEditor(combo);
        });
    }
    return combo;
}

void ParameterCellDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QString text = index.data(Qt::EditRole).toString();
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        if (combo->isEditable())
            combo->setEditText(text);
        else
            combo->setCurrentIndex(std::max(0, combo->findText(text)));
        return;
    }
    if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        line->setText(text);
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void ParameterCellDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        model->setData(index, combo->currentText(), Qt::EditRole);
        return;
    }
    if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        model->setData(index, line->text(), Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

} // namespace SupervisorLab
