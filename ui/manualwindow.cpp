#include "manualwindow.h"

#include "io/installedpath.h"

#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QListWidget>
#include <QSplitter>
#include <QTextBrowser>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString ManualWindow::readmePath()
{
    const QString found
        = InstalledPath::find(u"share/doc/supervisor-lab/README.md"_s, QStringLiteral(SUPERVISORLAB_SOURCE_README));
    return QFileInfo(found).isFile() ? found : QString();
}

ManualWindow::ManualWindow(QWidget *parent)
    : QDialog(parent)
    , m_list(new QListWidget)
    , m_text(new QTextBrowser)
{
    setWindowTitle(tr("Supervisor Lab Manual"));
    setObjectName(u"manualWindow"_s);
    QFile readme(readmePath());
    if (readme.open(QIODevice::ReadOnly | QIODevice::Text)) {
        // Sections start at second-level headings; what comes before the first is the introduction.
        //: The title of the manual's text before its first section
        Section section { tr("Introduction"), {} };
        bool inCode = false;
        for (const QString &line : QString::fromUtf8(readme.readAll()).split(u'\n')) {
            if (line.startsWith(u"```"_s))
                inCode = !inCode;
            if (!inCode && line.startsWith(u"## "_s)) {
                m_sections << section;
                section = { line.mid(3).trimmed(), {} };
            }
            section.markdown += line + u'\n';
        }
        m_sections << section;
    }
    for (const Section &section : std::as_const(m_sections))
        m_list->addItem(section.title);
    m_list->setAccessibleName(tr("Manual sections"));
    m_list->setAccessibleDescription(tr("Choose a section to read it"));
    m_text->setOpenExternalLinks(true);
    m_text->setAccessibleName(tr("Manual text"));
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_sections.size())
            m_text->setMarkdown(m_sections[row].markdown);
    });

    auto *splitter = new QSplitter;
    splitter->addWidget(m_list);
    splitter->addWidget(m_text);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 200, 600 });
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    resize(880, 620);
    if (m_sections.isEmpty())
        m_text->setPlainText(tr("The manual (README.md) is not installed beside this program."));
    else
        m_list->setCurrentRow(0);
}

QStringList ManualWindow::sectionTitles() const
{
    QStringList titles;
    for (const Section &section : m_sections)
        titles << section.title;
    return titles;
}

bool ManualWindow::showSection(const QString &title)
{
    for (qsizetype i = 0; i < m_sections.size(); ++i) {
        if (m_sections[i].title.startsWith(title, Qt::CaseInsensitive)) {
            m_list->setCurrentRow(int(i));
            return true;
        }
    }
    return false;
}

QString ManualWindow::shownText() const
{
    return m_text->toPlainText();
}

} // namespace SupervisorLab
