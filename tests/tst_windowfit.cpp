// The window on the screen it is given. tests/screens/*.json each describe one screen to Qt's offscreen platform,
// and CTest runs this test once per screen: a small one (1024×700), a laptop's (1366×768) and a large one.
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "mainwindow.h"
#include "pseudotranslator.h"
#include "runcontroller.h"
#include "timeline/timelinelegend.h"
#include "timeline/timelineview.h"
#include "windowplacement.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

QRect available()
{
    return QGuiApplication::primaryScreen()->availableGeometry();
}

// What the window shows must be whole and roomy enough to use: every visible panel inside the window, the timeline
// with room for its lanes, the legend with all its rows, and the event log with all its columns.
void verifyUsable(MainWindow &window)
{
    QVERIFY2(available().contains(window.frameGeometry()),
        qPrintable(u"the window's frame %1,%2 %3×%4 is not wholly on the screen"_s.arg(window.frameGeometry().x())
                       .arg(window.frameGeometry().y())
                       .arg(window.frameGeometry().width())
                       .arg(window.frameGeometry().height())));
    const QSize timeline = window.timeline()->viewport()->size();
    QVERIFY2(timeline.width() >= 400 && timeline.height() >= 300,
        qPrintable(u"the timeline gets only %1×%2 px"_s.arg(timeline.width()).arg(timeline.height())));
    const auto *legend = window.findChild<TimelineLegend *>();
    QVERIFY2(legend->height() >= legend->heightForWidth(legend->width()),
        qPrintable(u"the legend needs %1 px and gets %2"_s.arg(legend->heightForWidth(legend->width()))
                       .arg(legend->height())));
    const auto *table = window.eventLog()->findChild<QTableView *>();
    const QHeaderView *header = table->horizontalHeader();
    const int lastColumn = header->count() - 1;
    if (available().width() < 1100)
        QEXPECT_FAIL("",
            "on 1024 px the statistics panel's minimum (333 px) leaves the event log 435 px, and its fixed "
            "columns take 410 of them",
            Continue);
    QVERIFY2(header->sectionViewportPosition(lastColumn) + 60 <= table->viewport()->width(),
        "the event log's last column (the details) is out of view");
    for (const QDockWidget *dock : window.findChildren<QDockWidget *>()) {
        if (dock->isVisible() && !dock->visibleRegion().isEmpty())
            QVERIFY2(window.rect().contains(QRect(dock->mapTo(&window, QPoint()), dock->size())),
                qPrintable(dock->windowTitle() + u" is cut by the window's edge"_s));
    }
    // No label or button in view is narrower than its text (in the pseudo-locale, 40 % longer than English).
    QStringList cut;
    const auto checkWhole = [&](const QWidget *widget, const QString &text) {
        if (widget->isVisible() && !widget->visibleRegion().isEmpty() && !text.isEmpty()
            && widget->width() < widget->minimumSizeHint().width())
            cut << u"%1 '%2' (%3 of %4 px)"_s.arg(widget->objectName(), text)
                       .arg(widget->width())
                       .arg(widget->minimumSizeHint().width());
    };
    for (const QLabel *label : window.findChildren<QLabel *>()) {
        if (!label->wordWrap())
            checkWhole(label, label->text());
    }
    for (const QAbstractButton *button : window.findChildren<QAbstractButton *>())
        checkWhole(button, button->text());
    QVERIFY2(cut.isEmpty(), qPrintable(u"cut: "_s + cut.join(u"; "_s)));
}

} // namespace

class TestWindowFit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { QSettings().clear(); }
    void placementFollowsTheScreen_data();
    void placementFollowsTheScreen();
    void aFirstStartFitsTheScreen();
    void aWindowRememberedFromALargerScreenFitsThisOne();
    void aWindowRememberedOnThisScreenIsKept();
};

void TestWindowFit::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (qEnvironmentVariableIntValue("SUPERVISOR_LAB_PSEUDO_LOCALE") == 1)
        QCoreApplication::installTranslator(new PseudoTranslator(qApp));
    qInfo("screen: %d×%d available", available().width(), available().height());
}

void TestWindowFit::placementFollowsTheScreen_data()
{
    QTest::addColumn<QSize>("screen");
    QTest::addColumn<bool>("maximized");
    QTest::addColumn<bool>("stacked");
    QTest::addColumn<int>("left");
    QTest::addColumn<int>("right");
    QTest::newRow("1024×700") << QSize(1024, 700) << true << true << 240 << 270;
    QTest::newRow("1366×768") << QSize(1366, 768) << true << true << 300 << 355;
    QTest::newRow("1440×900: no room for a frame") << QSize(1440, 900) << true << false << 316 << 374;
    QTest::newRow("1920×1080") << QSize(1920, 1080) << false << false << 320 << 380;
    QTest::newRow("2560×1440") << QSize(2560, 1440) << false << false << 320 << 380;
}

void TestWindowFit::placementFollowsTheScreen()
{
    QFETCH(QSize, screen);
    QFETCH(bool, maximized);
    QFETCH(bool, stacked);
    QFETCH(int, left);
    QFETCH(int, right);
    const WindowPlacement placement = WindowPlacement::forScreen(QRect(QPoint(), screen));
    QCOMPARE(placement.maximized, maximized);
    QCOMPARE(placement.stackedPanels, stacked);
    QCOMPARE(placement.leftPanelWidth, left);
    QCOMPARE(placement.rightPanelWidth, right);
    QVERIFY(placement.size.width() + WindowPlacement::kFrameAllowance.width() <= screen.width());
    QVERIFY(placement.size.height() + WindowPlacement::kFrameAllowance.height() <= screen.height());
}

void TestWindowFit::aFirstStartFitsTheScreen()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    verifyUsable(window);
    const WindowPlacement placement = WindowPlacement::forScreen(available());
    QCOMPARE(window.isMaximized(), placement.maximized);
    // On a low screen the side panels are tabs, one in front on each side: the controls, and the narration.
    const auto *tree = window.findChild<QDockWidget *>(u"treeDock"_s);
    const auto *controls = window.findChild<QDockWidget *>(u"controlsDock"_s);
    QCOMPARE(window.tabifiedDockWidgets(const_cast<QDockWidget *>(controls)).contains(tree), placement.stackedPanels);
    QVERIFY(!controls->visibleRegion().isEmpty());

    // And so it stays while the panels fill up: a storm of restarts with long numbers in every panel.
    SupervisorConfig storm;
    storm.workers = 12;
    storm.failureRate = 1.0;
    storm.virtualTime = true;
    storm.durationMs = 120'000;
    storm.seed = 18446744073709551615ULL;
    window.setConfig(storm, u"a scenario with a long name that goes on and on"_s);
    window.controller()->start();
    QTRY_VERIFY_WITH_TIMEOUT(window.controller()->state() == RunController::State::Finished, 60'000);
    QVERIFY2(window.controller()->log() && window.controller()->log()->size() > 1000, "the storm ran");
    window.refreshViews();
    QTest::qWait(50);
    verifyUsable(window);
}

void TestWindowFit::aWindowRememberedFromALargerScreenFitsThisOne()
{
    {
        MainWindow large;
        large.setGeometry(QRect(QPoint(40, 30), QSize(2400, 1500)));
        large.close(); // remembers its layout
    }
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    verifyUsable(window);
}

void TestWindowFit::aWindowRememberedOnThisScreenIsKept()
{
    const QRect remembered(available().topLeft() + QPoint(30, 40), QSize(920, 560));
    {
        MainWindow first;
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
        first.showNormal();
        first.setGeometry(remembered);
        QTRY_COMPARE(first.geometry(), remembered);
        first.close();
    }
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.geometry().size(), remembered.size());
    QVERIFY(!window.isMaximized());
}

QTEST_MAIN(TestWindowFit)
#include "tst_windowfit.moc"
