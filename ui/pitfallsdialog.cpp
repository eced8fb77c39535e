#include "pitfallsdialog.h"

#include "teaching/pitfallcomparison.h"
#include "teaching/pitfalltally.h"
#include "timeline/timelinelegend.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelineview.h"

#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QValidator>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

QWidget *titled(const QString &title, QWidget *content)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(content);
    return box;
}

QStandardItem *figure(const QString &text, bool pitfall)
{
    auto *item = new QStandardItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (pitfall) {
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
    }
    return item;
}

// Digits only, never above the largest seed: the box cannot hold a seed the config refuses.
class SeedValidator : public QValidator
{
public:
    using QValidator::QValidator;

    State validate(QString &input, int &) const override
    {
        if (input.isEmpty())
            return Intermediate;
        if (!std::all_of(input.cbegin(), input.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; }))
            return Invalid;
        bool ok = false;
        const quint64 value = input.toULongLong(&ok);
        return ok && value <= SupervisorConfig::kMaxSeed ? Acceptable : Invalid;
    }
};

QTableView *tableOf(QStandardItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->setWordWrap(false);
    return table;
}

} // namespace

PitfallsDialog::PitfallsDialog(QWidget *parent)
    : QDialog(parent)
    , m_seed(new QLineEdit(this))
    , m_nextSeed(new QPushButton(tr("&Next Seed"), this))
    , m_summary(new QLabel(this))
    , m_articleModel(new TimelineModel(this))
    , m_labModel(new TimelineModel(this))
    , m_articleTimeline(new TimelineView(this))
    , m_labTimeline(new TimelineView(this))
    , m_transcript(new QStandardItemModel(this))
    , m_findings(new QStandardItemModel(this))
{
    setObjectName(u"pitfallsDialog"_s);
    setWindowTitle(tr("The article's four pitfalls"));

    m_seed->setObjectName(u"pitfallsSeed"_s);
    m_seed->setValidator(new SeedValidator(m_seed));
    //: %1 is the largest seed
    m_seed->setToolTip(tr("The seed both supervisors run with: the same seed gives their worker the same fates. "
                          "Type one (0 to %1) and press Enter.")
                           .arg(SupervisorConfig::kMaxSeed));
    m_seed->setAccessibleName(tr("Seed"));
    m_seed->setAccessibleDescription(m_seed->toolTip());
    // Wide enough for the largest seed, so that the real seed always shows whole.
    m_seed->setMinimumWidth(m_seed->fontMetrics().horizontalAdvance(QString::number(SupervisorConfig::kMaxSeed))
        + m_seed->fontMetrics().averageCharWidth() * 3);
    // Enter in the seed box applies the seed and nothing else (eventFilter): this button must not be the default.
    m_seed->installEventFilter(this);
    m_nextSeed->setObjectName(u"pitfallsNextSeed"_s);
    m_nextSeed->setAutoDefault(false);
    m_nextSeed->setDefault(false);
    m_nextSeed->setToolTip(tr("Compare the two supervisors on the next seed"));
    connect(m_nextSeed, &QPushButton::clicked, this, [this] {
        if (m_config.seed < SupervisorConfig::kMaxSeed)
            compareOnSeed(m_config.seed + 1);
    });
    m_summary->setWordWrap(true);
    m_summary->setObjectName(u"pitfallsSummary"_s);
    m_summary->setAccessibleName(tr("Summary"));

    auto *seedLabel = new QLabel(tr("&Seed:"), this);
    seedLabel->setBuddy(m_seed);
    auto *top = new QHBoxLayout;
    top->addWidget(seedLabel);
    top->addWidget(m_seed);
    top->addWidget(m_nextSeed);
    top->addWidget(m_summary, 1);

    m_articleTimeline->setObjectName(u"articleTimeline"_s);
    m_labTimeline->setObjectName(u"labTimeline"_s);
    m_articleTimeline->setAccessibleName(tr("The article's supervisor's timeline"));
    m_labTimeline->setAccessibleName(tr("The lab's supervisor's timeline"));
    m_articleTimeline->setModel(m_articleModel);
    m_labTimeline->setModel(m_labModel);
    connect(
        m_articleTimeline, &TimelineView::axisChanged, this, [this] { syncAxes(m_articleTimeline, m_labTimeline); });
    connect(m_labTimeline, &TimelineView::axisChanged, this, [this] { syncAxes(m_labTimeline, m_articleTimeline); });

    m_transcript->setHorizontalHeaderLabels({ tr("Time"), tr("The article's supervisor"), tr("The lab's supervisor") });
    QTableView *transcript = tableOf(m_transcript, this);
    transcript->setObjectName(u"pitfallsTranscript"_s);
    transcript->setAccessibleName(tr("Transcripts"));
    transcript->setAccessibleDescription(tr("What each supervisor did, side by side, row by row in time; rows where "
                                            "the two part are marked ≠"));
    transcript->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    transcript->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    transcript->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);

    //: %1 is how many seeds the pitfalls are counted over
    m_findings->setHorizontalHeaderLabels({ tr("Pitfall"), tr("Article"), tr("Lab"),
        tr("Article, %1 runs").arg(kComparedSeeds), tr("Lab, %1 runs").arg(kComparedSeeds) });
    QTableView *findings = tableOf(m_findings, this);
    findings->setObjectName(u"pitfallsFindings"_s);
    findings->setAccessibleName(tr("Pitfalls"));
    findings->setAccessibleDescription(tr("The four pitfalls, measured on this run for each supervisor and counted "
                                          "over many seeds; a bold figure is a pitfall this run showed"));
    findings->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    findings->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);

    // What the timelines' colours and marks mean, and the marks of the tables under them.
    auto *legend = new QWidget(this);
    legend->setObjectName(u"pitfallsLegend"_s);
    auto *legendLayout = new QVBoxLayout(legend);
    legendLayout->setContentsMargins(4, 0, 4, 0);
    legendLayout->setSpacing(2);
    auto *timelineLegend = new TimelineLegend(legend);
    timelineLegend->setObjectName(u"pitfallsTimelineLegend"_s);
    auto *marks = new QLabel(tr("Transcript: ≠ marks a moment where the two supervisors part, on a tinted row. "
                                "Pitfalls: a bold figure is a pitfall this run showed."),
        legend);
    marks->setObjectName(u"pitfallsMarks"_s);
    marks->setWordWrap(true);
    legendLayout->addWidget(timelineLegend);
    legendLayout->addWidget(marks);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(titled(tr("The article's supervisor"), m_articleTimeline));
    splitter->addWidget(titled(tr("The lab's supervisor"), m_labTimeline));
    splitter->addWidget(legend);
    splitter->addWidget(transcript);
    splitter->addWidget(findings);
    splitter->setSizes({ 130, 130, 60, 320, 150 });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resize(1100, 860);
}

quint64 PitfallsDialog::seed() const
{
    return m_config.seed;
}

void PitfallsDialog::setVisible(bool visible)
{
    QDialog::setVisible(visible);
    if (visible) {
        // A window manager may keep a new or re-shown window behind the one in use: ask for the front and the focus.
        raise();
        activateWindow();
    }
}

bool PitfallsDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_seed && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            applySeedText(); // and the dialog's default button is not pressed
            return true;
        }
    }
    // Leaving the box applies what it holds too (here rather than on editingFinished, which a box also sends as it
    // loses the focus while the dialog is being destroyed).
    if (watched == m_seed && event->type() == QEvent::FocusOut)
        applySeedText();
    return QDialog::eventFilter(watched, event);
}

void PitfallsDialog::applySeedText()
{
    bool ok = false;
    const quint64 typed = m_seed->text().toULongLong(&ok);
    if (!ok || typed > SupervisorConfig::kMaxSeed) {
        m_seed->setText(QString::number(m_config.seed));
        return;
    }
    if (typed != m_config.seed)
        compareOnSeed(typed);
}

void PitfallsDialog::compareOnSeed(quint64 seed)
{
    SupervisorConfig config = m_config;
    config.seed = seed;
    compare(config);
}

void PitfallsDialog::compare(const SupervisorConfig &config)
{
    const PitfallComparison comparison = PitfallComparison::run(config);
    m_config = comparison.config();
    m_seed->setText(QString::number(m_config.seed));
    m_nextSeed->setEnabled(m_config.seed < SupervisorConfig::kMaxSeed);

    m_articleModel->setLog(comparison.article().log);
    m_labModel->setLog(comparison.lab().log);
    // Time goes on a little past the end, where the article's leaked worker is seen to keep running.
    const qint64 endUs = comparison.article().log->lastTimeUs();
    for (TimelineView *view : { m_articleTimeline, m_labTimeline }) {
        view->model()->refresh();
        view->setRunActive(false);
        view->setNow(endUs + endUs / 8);
    }
    m_articleTimeline->zoomToFit();
    syncAxes(m_articleTimeline, m_labTimeline);

    m_transcript->removeRows(0, m_transcript->rowCount());
    const QColor parted = palette().color(QPalette::Highlight);
    const QLocale locale;
    for (const TranscriptRow &row : comparison.sideBySide()) {
        //: A time in seconds, "1.250 s"
        QList<QStandardItem *> items { new QStandardItem(
                                           tr("%1 s").arg(locale.toString(double(row.tUs) / 1e6, 'f', 3))),
            new QStandardItem(row.article), new QStandardItem(row.lab) };
        items[0]->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (row.parted()) {
            items[0]->setText(u"≠  "_s + items[0]->text());
            for (QStandardItem *item : items)
                item->setBackground(QColor(parted.red(), parted.green(), parted.blue(), 60));
        }
        m_transcript->appendRow(items);
    }

    const PitfallMeasures &article = comparison.article().measures;
    const PitfallMeasures &lab = comparison.lab().measures;
    const PitfallTally tally = PitfallTally::over(m_config, kComparedSeeds);
    m_findings->removeRows(0, m_findings->rowCount());
    for (const Pitfall pitfall : kPitfalls) {
        QString title = pitfallTitle(pitfall);
        title[0] = title[0].toUpper();
        //: A pitfall's number and title
        auto *name = new QStandardItem(tr("%1. %2").arg(QString::number(int(pitfall) + 1), title));
        name->setToolTip(pitfallExplanation(pitfall));
        m_findings->appendRow({ name, figure(article.figure(pitfall, u" / "_s), article.shows(pitfall)),
            figure(lab.figure(pitfall, u" / "_s), lab.shows(pitfall)),
            figure(locale.toString(tally.article.of(pitfall)), false),
            figure(locale.toString(tally.lab.of(pitfall)), false) });
    }

    const QStringList broken = comparison.article().brokenRules;
    //: %1 is the seed; %2 how many broken rules the checker finds in the lab's own log
    m_summary->setText(tr("Seed %1 gives both workers the same fates until the ≠ rows. The lab's log checker finds "
                          "%n broken rule(s) in the article's log and %2 in its own.",
        nullptr, int(broken.size()))
                           .arg(QString::number(m_config.seed), locale.toString(comparison.lab().brokenRules.size())));
    m_summary->setToolTip(broken.join(u'\n'));
}

void PitfallsDialog::syncAxes(TimelineView *from, TimelineView *to)
{
    if (m_syncing)
        return;
    m_syncing = true;
    to->setAxis(from->axis());
    m_syncing = false;
}

} // namespace SupervisorLab
