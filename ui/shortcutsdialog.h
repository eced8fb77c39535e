#pragma once

#include <QDialog>
#include <QList>

#include <utility>

class QAction;
class QLineEdit;
class QTreeWidget;

namespace SupervisorLab {

// Help ▸ Keyboard Shortcuts: every key the window answers to, with what it does: the menus' shortcuts, read from
// their actions (so the list cannot drift from them), and the timeline's own keys. A search field narrows the list.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT

public:
    using KeyList = QList<std::pair<QString, QString>>; // key, what it does

    ShortcutsDialog(const QList<QAction *> &actions, const KeyList &timelineKeys, QWidget *parent = nullptr);
    // The rows shown now: "key\twhat it does", in order.
    QStringList rows() const;

private:
    void filter(const QString &text);

    QLineEdit *m_search;
    QTreeWidget *m_list;
};

} // namespace SupervisorLab
