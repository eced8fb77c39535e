#pragma once

#include <QDialog>
#include <QStringList>

class QListWidget;
class QTextBrowser;

namespace SupervisorLab {

// Help ▸ Manual: the README, the lab's manual, read inside the window: its sections listed on the left, the chosen
// one rendered on the right. Found installed (<prefix>/share/doc/supervisor-lab/README.md beside bin/) or in the
// sources a build came from.
class ManualWindow : public QDialog
{
    Q_OBJECT

public:
    explicit ManualWindow(QWidget *parent = nullptr);

    static QString readmePath(); // empty if there is none to read
    QStringList sectionTitles() const;
    // Shows the section titled `title` (or starting so); false if there is none.
    bool showSection(const QString &title);
    QString shownText() const;

private:
    struct Section
    {
        QString title;
        QString markdown;
    };
    QList<Section> m_sections;
    QListWidget *m_list;
    QTextBrowser *m_text;
};

} // namespace SupervisorLab
