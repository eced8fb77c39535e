#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

QString plainText(const QAction &action)
{
    QString text = action.text();
    text.remove(u'&');
    if (text.endsWith(u'…'))
        text.chop(1);
    return text;
}

} // namespace

ShortcutsDialog::ShortcutsDialog(const QList<QAction *> &actions, const KeyList &timelineKeys, QWidget *parent)
    : QDialog(parent)
    , m_search(new QLineEdit)
    , m_list(new QTreeWidget)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    setObjectName(u"shortcutsDialog"_s);
    m_search->setPlaceholderText(tr("Search keys and actions"));
    m_search->setClearButtonEnabled(true);
    // Qt gives its clear button no name a screen reader could say.
    for (QToolButton *button : m_search->findChildren<QToolButton *>())
        button->setAccessibleName(tr("Clear the search"));
    m_search->setAccessibleName(tr("Search shortcuts"));
    m_search->setAccessibleDescription(tr("Shows only the keys and actions that contain this text"));
    m_list->setColumnCount(2);
    m_list->setHeaderLabels({ tr("Key"), tr("What it does") });
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setAccessibleName(tr("Keyboard shortcuts"));
    m_list->setAccessibleDescription(tr("Every key the window and the timeline answer to, with what it does"));

    const auto addSection = [this](const QString &title, const KeyList &keys) {
        auto *section = new QTreeWidgetItem(m_list, { title });
        section->setFirstColumnSpanned(true);
        QFont bold = section->font(0);
        bold.setBold(true);
        section->setFont(0, bold);
        section->setFlags(Qt::ItemIsEnabled);
        for (const auto &[key, meaning] : keys)
            new QTreeWidgetItem(m_list, { key, meaning });
    };
    KeyList windowKeys;
    for (const QAction *action : actions) {
        for (const QKeySequence &shortcut : action->shortcuts())
            windowKeys.append({ shortcut.toString(QKeySequence::NativeText), plainText(*action) });
    }
    addSection(tr("Anywhere in the window"), windowKeys);
    addSection(tr("In the timeline (click it or Tab to it first)"), timelineKeys);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_search, &QLineEdit::textChanged, this, &ShortcutsDialog::filter);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(560, 520);
}

void ShortcutsDialog::filter(const QString &text)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        const bool section = item->isFirstColumnSpanned();
        item->setHidden(!section && !text.isEmpty() && !item->text(0).contains(text, Qt::CaseInsensitive)
            && !item->text(1).contains(text, Qt::CaseInsensitive));
    }
}

QStringList ShortcutsDialog::rows() const
{
    QStringList rows;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (!item->isHidden() && !item->isFirstColumnSpanned())
            rows << item->text(0) + u'\t' + item->text(1);
    }
    return rows;
}

} // namespace SupervisorLab
