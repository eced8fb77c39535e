// What a screen reader gets: the custom-painted timeline says what it shows and announces what changes, and every
// control of the main window has a name.
#include "logscript.h"
#include "mainwindow.h"
#include "runtime/virtualruntime.h"
#include "testsettings.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelineview.h"

#include <QAccessible>
#include <QAccessibleInterface>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMs = 1000;
constexpr qint64 kSecond = 1'000'000;

// What QAccessible was told while the handler was installed: the object and the kind of each event.
QList<std::pair<QObject *, QAccessible::Event>> announced;

void recordAnnouncement(QAccessibleEvent *event)
{
    announced.append({ event->object(), event->type() });
}

// Whether `view` told assistive technology that its description changed since it had told `before` changes. Where
// the platform has no accessibility (offscreen), QAccessible drops events before any update handler sees them: the
// view's count of events sent stands for them there.
bool announcedChange(const TimelineView &view, int before)
{
    if (view.announcementCount() <= before)
        return false;
    return !QAccessible::isActive()
        || announced.contains({ const_cast<TimelineView *>(&view), QAccessible::DescriptionChanged });
}

std::shared_ptr<const EventLog> shared(EventLog &log)
{
    return { &log, [](const EventLog *) {} };
}

QString describe(QAccessibleInterface *iface)
{
    const QObject *object = iface->object();
    return u"%1 \"%2\" (%3)"_s.arg(QString::number(int(iface->role()), 16), object ? object->objectName() : QString(),
        object ? QString::fromLatin1(object->metaObject()->className()) : u"no object"_s);
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void theTimelineNamesItsLanesAndTheirStates();
    void theNextFailureIsNamedAndAnnounced();
    void everyControlOfTheWindowHasAName();

private:
    QAccessible::UpdateHandler m_previousHandler = nullptr;
};

void TestAccessibility::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (!message.contains(u"does not support propagateSizeHints"_s))
            defaultHandler(type, context, message);
    });
}

void TestAccessibility::init()
{
    QSettings().clear();
    announced.clear();
    m_previousHandler = QAccessible::installUpdateHandler(&recordAnnouncement);
    QAccessible::setActive(true); // where the platform has accessibility; offscreen has none
}

void TestAccessibility::cleanup()
{
    QAccessible::installUpdateHandler(m_previousHandler);
}

void TestAccessibility::theTimelineNamesItsLanesAndTheirStates()
{
    // Worker 0 fails at 1 s and is restarted at 1.5 s, then completes at 3 s; worker 1 runs on; worker 2 hangs at
    // 2 s, worker 3 throws at 2 s. The view shows 0..4 s with the live edge at 3.5 s.
    LogScript script({ u"workers=4"_s });
    for (int worker = 0; worker < 4; ++worker)
        script.start(0, worker, 1);
    script.end(1 * kSecond, EventKind::WorkerFailed, 0, 1, u"error"_s);
    script.schedule(1 * kSecond, 0, 500, 1);
    script.start(1500 * kMs, 0, 2);
    script.end(2 * kSecond, EventKind::WorkerFailed, 2, 1, u"heartbeat_timeout"_s);
    script.end(2 * kSecond, EventKind::WorkerFailed, 3, 1, u"exception: boom"_s);
    script.end(3 * kSecond, EventKind::WorkerCompleted, 0, 2);
    TimelineModel model;
    model.setLog(shared(script.log));
    TimelineView view;
    view.setModel(&model);
    view.resize(900, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setNow(3500 * kMs);
    view.setAxis(view.axis().showing(0, 4 * kSecond));

    QAccessibleInterface *timeline = QAccessible::queryAccessibleInterface(&view);
    QVERIFY(timeline);
    QCOMPARE(timeline->text(QAccessible::Name), u"Timeline"_s);
    const QString description = timeline->text(QAccessible::Description);
    for (const QString &lane : { u"Supervisor: running."_s, u"Worker 0: completed."_s, u"Worker 1: running."_s,
             u"Worker 2: failed (hang)."_s, u"Worker 3: failed (exception)."_s })
        QVERIFY2(description.contains(lane), qPrintable(lane + u" not in: "_s + description));
    QVERIFY2(description.contains(u"of a run 3.5 s long"_s), qPrintable(description));
    QVERIFY2(!description.contains(u"Selected"_s), qPrintable(description));

    // At the view's right edge, not at the run's end: at 1.2 s worker 0 waits to restart, the others run.
    const int before = view.announcementCount();
    view.setAxis(view.axis().showing(0, 1200 * kMs));
    QVERIFY(announcedChange(view, before));
    const QString earlier = timeline->text(QAccessible::Description);
    QVERIFY2(earlier.contains(u"Worker 0: waiting to restart."_s), qPrintable(earlier));
    QVERIFY2(earlier.contains(u"Worker 2: running."_s), qPrintable(earlier));
}

void TestAccessibility::theNextFailureIsNamedAndAnnounced()
{
    VirtualRuntime runtime(withSettings(SupervisorConfig(),
        { u"virtual_time=true"_s, u"workers=3"_s, u"duration=5000"_s, u"seed=7"_s, u"failure_rate=0.5"_s }));
    runtime.run();
    TimelineModel model;
    model.setLog(runtime.log());
    TimelineView view;
    view.setModel(&model);
    view.resize(900, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setNow(runtime.log()->lastTimeUs());
    view.setAxis(view.axis().showing(0, 1000)); // the middle of the view at 0.5 ms: N finds the first failure
    view.activateWindow();
    view.setFocus();
    QTRY_VERIFY(view.hasFocus());
    QAccessibleInterface *timeline = QAccessible::queryAccessibleInterface(&view);
    QVERIFY(timeline);
    announced.clear();
    int before = view.announcementCount();

    QTest::keyClick(&view, Qt::Key_N);
    QVERIFY2(model.hasEvent(view.selectedEvent()), "the run has a failure");
    const LifecycleEvent failure = model.event(view.selectedEvent());
    QCOMPARE(failure.kind, EventKind::WorkerFailed);
    QVERIFY(announcedChange(view, before));
    QVERIFY(view.hasFocus()); // the keys stay with the timeline
    const QString description = timeline->text(QAccessible::Description);
    QVERIFY2(description.startsWith(u"Selected: worker_failed · "_s + model.workerName(failure.worker)),
        qPrintable(description));
    QVERIFY(!failure.reason.isEmpty());
    QVERIFY2(description.contains(u"reason: "_s + failure.reason), qPrintable(description));
    QVERIFY2(timeline->text(QAccessible::Value).contains(u"worker_failed"_s), qPrintable(description));

    // Esc clears the selection, and says so.
    announced.clear();
    before = view.announcementCount();
    QTest::keyClick(&view, Qt::Key_Escape);
    QCOMPARE(view.selectedEvent(), -1);
    QVERIFY(announcedChange(view, before));
    QVERIFY(!timeline->text(QAccessible::Description).contains(u"worker_failed"_s));
}

void TestAccessibility::everyControlOfTheWindowHasAName()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAccessibleInterface *root = QAccessible::queryAccessibleInterface(&window);
    QVERIFY(root);

    static const QSet<QAccessible::Role> named { QAccessible::Slider, QAccessible::SpinBox, QAccessible::ComboBox,
        QAccessible::PushButton, QAccessible::CheckBox, QAccessible::RadioButton, QAccessible::EditableText,
        QAccessible::Table, QAccessible::Tree, QAccessible::List, QAccessible::Chart, QAccessible::Graphic };
    QStringList offenders;
    QSet<QAccessibleInterface *> seen;
    QList<QAccessibleInterface *> pending { root };
    while (!pending.isEmpty()) {
        QAccessibleInterface *iface = pending.takeLast();
        if (!iface || !iface->isValid() || seen.contains(iface))
            continue;
        seen.insert(iface);
        if (iface->state().invisible)
            continue; // nor anything inside it
        if (named.contains(iface->role()) && iface->text(QAccessible::Name).trimmed().isEmpty())
            offenders << describe(iface);
        // Not into the cells of tables, trees and lists: their items are named by their text.
        if (iface->role() == QAccessible::Table || iface->role() == QAccessible::Tree
            || iface->role() == QAccessible::List)
            continue;
        for (int i = 0; i < iface->childCount(); ++i)
            pending << iface->child(i);
    }
    QVERIFY(seen.size() > 10);
    offenders.sort();
    QVERIFY2(offenders.isEmpty(),
        qPrintable(
            u"%1 control(s) without an accessible name (role in hex, object name, class):\n  "_s.arg(offenders.size())
            + offenders.join(u"\n  "_s)));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
