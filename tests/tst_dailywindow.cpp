// The window as a daily tool: keys that belong to the focused widget, a reset that starts afresh, exports named after
// what ran, problems said in the window, help on keys and the manual, and light and dark colours.
#include "colortheme.h"
#include "eventlogpanel.h"
#include "events/eventlog.h"
#include "exportfilename.h"
#include "mainwindow.h"
#include "manualwindow.h"
#include "runcontroller.h"
#include "shortcutsdialog.h"
#include "testruns.h"
#include "testsettings.h"
#include "timeline/timelineview.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDropEvent>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

SupervisorConfig configWith(const QStringList &settings)
{
    return withSettings(SupervisorConfig(), settings);
}

QAction *actionNamed(const MainWindow &window, const QString &text)
{
    for (QAction *action : window.menuBar()->findChildren<QAction *>()) {
        if (action->text().remove(u'&') == text)
            return action;
    }
    return nullptr;
}

// Runs `whileOpen` once a file dialog is up, then cancels it: what the dialog offered.
class FileDialogWatcher : public QObject
{
public:
    FileDialogWatcher()
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            if (!dialog || !dialog->isVisible())
                return;
            offered = dialog->selectedFiles().value(0);
            dialog->reject();
        });
        m_timer.start(10);
    }
    QString offered;

private:
    QTimer m_timer;
};

} // namespace

class TestDailyWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { QSettings().clear(); }
    void endBelongsToTheFocusedWidget();
    void resetStartsAtTheFirstZoomAndSpeed();
    void exportNames_data();
    void exportNames();
    void exportsAreOfferedUnderTheRunsName();
    void aBadLogDroppedOnTheWindowIsToldInIt();
    void theShortcutsAreListed();
    void theManualOpensAtItsSections();
    void everyLabelIsReadableInLightAndDark();
};

void TestDailyWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (!message.contains(u"does not support propagateSizeHints"_s))
            defaultHandler(type, context, message);
    });
}

void TestDailyWindow::endBelongsToTheFocusedWidget()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QAction *follow = actionNamed(window, u"Follow Live"_s);
    QVERIFY(follow);
    const bool following = follow->isChecked();

    auto *slider = window.findChild<QSlider *>();
    QVERIFY(slider);
    slider->setValue(slider->minimum());
    slider->setFocus();
    QTRY_VERIFY(slider->hasFocus());
    QTest::keyClick(slider, Qt::Key_End);
    QCOMPARE(slider->value(), slider->maximum()); // the slider's End, not the window's
    QCOMPARE(follow->isChecked(), following);
}

void TestDailyWindow::resetStartsAtTheFirstZoomAndSpeed()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=2"_s, u"failure_rate=0.5"_s, u"virtual_time=true"_s, u"duration=60000"_s,
                         u"seed=3"_s }),
        u"custom"_s);
    window.show();
    auto *speed = window.findChild<QComboBox *>(u"speed"_s);
    speed->setCurrentIndex(speed->findData(5.0));
    QCOMPARE(window.controller()->speed(), 5.0);
    const double firstScale = window.timeline()->axis().usPerPixel;

    window.controller()->start();
    QVERIFY(waitFor([&] { return window.controller()->state() == RunController::State::Finished; }));
    window.refreshViews();
    QVERIFY(window.timeline()->axis().usPerPixel > firstScale * 4); // the whole minute, fitted

    window.controller()->resetAction()->trigger();
    QCOMPARE(window.timeline()->axis().usPerPixel, firstScale);
    QVERIFY(window.timeline()->followsLive());
    QCOMPARE(window.controller()->speed(), 1.0);
    QCOMPARE(speed->currentData().toDouble(), 1.0);

    // A new run after a finished one, without Reset, starts at the first zoom too; the speed stays as chosen.
    speed->setCurrentIndex(speed->findData(2.0));
    window.controller()->start();
    QVERIFY(waitFor([&] { return window.controller()->state() == RunController::State::Finished; }));
    window.refreshViews();
    window.controller()->start();
    QCOMPARE(window.timeline()->axis().usPerPixel, firstScale);
    QCOMPARE(window.controller()->speed(), 2.0);
    QVERIFY(waitFor([&] { return window.controller()->state() == RunController::State::Finished; }));
}

void TestDailyWindow::exportNames_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<QString>("name");
    QTest::newRow("built-in") << u"one-for-all"_s << quint64(42) << u"one-for-all-seed-42"_s;
    QTest::newRow("words") << u"Replay of run.jsonl"_s << quint64(7) << u"replay-of-run.jsonl-seed-7"_s;
    QTest::newRow("path and quotes") << u"../a/\"b\" c"_s << quint64(1) << u"a-b-c-seed-1"_s;
    QTest::newRow("nothing") << QString() << quint64(18446744073709551615ULL)
                             << u"supervisor-lab-seed-18446744073709551615"_s;
}

void TestDailyWindow::exportNames()
{
    QFETCH(QString, scenario);
    QFETCH(quint64, seed);
    QFETCH(QString, name);
    QCOMPARE(ExportFileName::ofRun(scenario, seed), name);
    QCOMPARE(ExportFileName::ofReplay(u"/tmp/My Run.jsonl"_s), u"my-run"_s);
}

void TestDailyWindow::exportsAreOfferedUnderTheRunsName()
{
    QTemporaryDir directory;
    QSettings().setValue(u"export/directory"_s, directory.path());
    MainWindow window;
    window.setConfig(configWith({ u"workers=2"_s, u"virtual_time=true"_s, u"duration=1000"_s, u"seed=7"_s }),
        u"one-for-all"_s);
    window.show();
    window.controller()->start();
    QVERIFY(waitFor([&] { return window.controller()->state() == RunController::State::Finished; }));

    FileDialogWatcher watcher;
    QAction *exportLog = actionNamed(window, u"Export Event Log…"_s);
    QVERIFY(exportLog);
    exportLog->trigger();
    QCOMPARE(watcher.offered, directory.filePath(u"one-for-all-seed-7.jsonl"_s));
}

void TestDailyWindow::aBadLogDroppedOnTheWindowIsToldInIt()
{
    QTemporaryDir directory;
    const QString path = directory.filePath(u"broken.jsonl"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"t_us\":0,\"event\":\"worker_started\"}\n");
    file.close();

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMimeData data;
    data.setUrls({ QUrl::fromLocalFile(path) });
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &drop); // returns at once: the message does not block the window
    QVERIFY(!window.controller()->isReplay());
    auto *problem = window.findChild<QMessageBox *>(u"problem"_s);
    QVERIFY(problem);
    QTRY_VERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(u"broken.jsonl"_s), qPrintable(problem->text()));
    problem->close();
}

void TestDailyWindow::theShortcutsAreListed()
{
    MainWindow window;
    window.show();
    QAction *shortcuts = actionNamed(window, u"Keyboard Shortcuts"_s);
    QVERIFY(shortcuts);
    shortcuts->trigger();
    auto *dialog = window.findChild<ShortcutsDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    const QStringList rows = dialog->rows();
    const QString start = window.controller()->startAction()->shortcut().toString(QKeySequence::NativeText);
    QVERIFY(!start.isEmpty());
    QVERIFY2(rows.contains(start + u"\tStart"_s), qPrintable(rows.join(u'\n')));
    QVERIFY(rows.contains(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)
        + u"\tOpen Event Log"_s));
    for (const auto &[key, meaning] : TimelineView::keyboardShortcuts())
        QVERIFY2(rows.contains(key + u'\t' + meaning), qPrintable(key));

    auto *search = dialog->findChild<QLineEdit *>();
    QTest::keyClicks(search, u"export"_s);
    const QStringList found = dialog->rows();
    QVERIFY(!found.isEmpty() && found.size() < rows.size());
    for (const QString &row : found)
        QVERIFY2(row.contains(u"export"_s, Qt::CaseInsensitive), qPrintable(row));
}

void TestDailyWindow::theManualOpensAtItsSections()
{
    QVERIFY2(!ManualWindow::readmePath().isEmpty(), "the README is found from the build tree");
    ManualWindow manual;
    const QStringList sections = manual.sectionTitles();
    QVERIFY2(sections.contains(u"The window"_s), qPrintable(sections.join(u", "_s)));
    QVERIFY(manual.showSection(u"The window"_s));
    QVERIFY(manual.shownText().startsWith(u"The window"_s));
    QVERIFY(manual.shownText().contains(u"Follow live"_s));
    QVERIFY(!manual.showSection(u"No such section"_s));
}

void TestDailyWindow::everyLabelIsReadableInLightAndDark()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=3"_s, u"failure_rate=0.5"_s, u"virtual_time=true"_s,
                         u"duration=5000"_s, u"seed=9"_s }),
        u"custom"_s);
    window.show();
    window.controller()->start();
    QVERIFY(waitFor([&] { return window.controller()->state() == RunController::State::Finished; }));
    window.refreshViews();
    const QPalette system = QApplication::palette();

    for (const QString &choice : { u"dark"_s, u"light"_s }) {
        QAction *action = window.findChild<QAction *>(u"colors-"_s + choice);
        QVERIFY(action);
        action->trigger();
        QVERIFY(action->isChecked());
        QCOMPARE(QSettings().value(u"view/colors"_s).toString(), choice);
        const QPalette palette = QApplication::palette();
        QCOMPARE(palette.color(QPalette::Window).lightnessF() < 0.5, choice == u"dark");
        int checked = 0;
        for (const QLabel *label : window.findChildren<QLabel *>()) {
            if (!label->isVisibleTo(&window) || label->text().isEmpty())
                continue;
            const QPalette &own = label->palette();
            const double ratio
                = ColorTheme::contrast(own.color(label->foregroundRole()), own.color(label->backgroundRole()));
            QVERIFY2(ratio >= 4.5,
                qPrintable(u"%1 \"%2\": contrast %3"_s.arg(label->objectName(), label->text()).arg(ratio)));
            ++checked;
        }
        QVERIFY(checked > 5);
    }
    // Remembered: the next window opens dark.
    window.findChild<QAction *>(u"colors-dark"_s)->trigger();
    {
        MainWindow next;
        QVERIFY(next.findChild<QAction *>(u"colors-dark"_s)->isChecked());
    }
    window.findChild<QAction *>(u"colors-system"_s)->trigger();
    QCOMPARE(QApplication::palette().color(QPalette::Window), system.color(QPalette::Window));
}

QTEST_MAIN(TestDailyWindow)
#include "tst_dailywindow.moc"
