#include "io/scenariocatalog.h"
#include "mainwindow.h"
#include "policy/parameterspec.h"
#include "pseudotranslator.h"
#include "runcontroller.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

// In the pseudo-locale every translated text is accented ("Ṡŧȧřŧ"): a visible text that still holds plain English
// escaped translation. What a run or a file puts into a text (names, goals, numbers) is data and stays as it is.
class TestPseudoLocale : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void thePseudoLocaleKeepsPlaceholdersMarkupAndMnemonics();
    void noTextInTheWindowEscapesTranslation();

private:
    void collect(const QString &where, const QString &text);
    bool isData(QString text) const;

    QStringList m_data;
    QStringList m_escaped;
};

void TestPseudoLocale::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QCoreApplication::installTranslator(new PseudoTranslator(qApp));
}

void TestPseudoLocale::thePseudoLocaleKeepsPlaceholdersMarkupAndMnemonics()
{
    const QString pseudo = PseudoTranslator::pseudo(u"&Start %1 of %n <b>now</b> &amp; %L2 at 100%%"_s);
    QVERIFY2(pseudo.contains(u"&Şŧȧřŧ"_s), qPrintable(pseudo));
    for (const QString &kept : { u"%1"_s, u"%n"_s, u"<b>"_s, u"</b>"_s, u"&amp;"_s, u"%L2"_s, u"100%%"_s })
        QVERIFY2(pseudo.contains(kept), qPrintable(kept + u" lost in "_s + pseudo));
    QVERIFY(pseudo.startsWith(u'[') && pseudo.endsWith(u']'));
    const QString english = u"Restart delay"_s;
    QVERIFY(PseudoTranslator::pseudo(english).size() >= english.size() * 1.4);
    QVERIFY(PseudoTranslator::looksTranslated(PseudoTranslator::pseudo(english)));
    QVERIFY(!PseudoTranslator::looksTranslated(english));
    QCOMPARE(QCoreApplication::translate("Context", "Pause"), PseudoTranslator::pseudo(u"Pause"_s));
}

bool TestPseudoLocale::isData(QString text) const
{
    for (const QString &data : m_data)
        text.remove(data);
    // Numbers with their units and separators, seeds, times: no letters left to translate.
    static const QRegularExpression plainWord(u"[A-Za-z]{3,}"_s);
    return !text.contains(plainWord);
}

void TestPseudoLocale::collect(const QString &where, const QString &text)
{
    QString shown = text;
    shown.remove(QRegularExpression(u"<[^>]*>"_s)).remove(u'&');
    if (shown.trimmed().isEmpty() || PseudoTranslator::looksTranslated(shown) || isData(shown))
        return;
    // A translated sentence with data in its placeholders: accented words around plain names.
    QString rest = shown;
    for (const QString &data : m_data)
        rest.remove(data);
    if (PseudoTranslator::looksTranslated(rest))
        return;
    m_escaped << u"%1: \"%2\""_s.arg(where, text.left(80));
}

void TestPseudoLocale::noTextInTheWindowEscapesTranslation()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SupervisorConfig storm;
    storm.workers = 6;
    storm.failureRate = 0.6;
    storm.virtualTime = true;
    storm.durationMs = 30'000;
    storm.seed = 7;
    window.setConfig(storm, u"storm"_s);
    window.controller()->start();
    QTRY_VERIFY_WITH_TIMEOUT(window.controller()->state() == RunController::State::Finished, 60'000);
    window.refreshViews();
    QTest::qWait(50);

    for (const Scenario &scenario : ScenarioCatalog::builtIn())
        m_data << scenario.name << scenario.title << scenario.goal;
    m_data << u"storm"_s << u"Supervisor Lab"_s << u"Ctrl"_s << u"Shift"_s << u"Home"_s << u"End"_s << u"Esc"_s
           << u"Enter"_s << u"Menu"_s << u"KiB"_s << u"MiB"_s << u"GiB"_s << u"Left"_s << u"Right"_s << u"Up"_s
           << u"Down"_s << u"PgUp"_s << u"PgDown"_s;
    m_data << u"one_for_one"_s << u"one-for-one"_s << u"one-for-all"_s << u"rest-for-one"_s << u"permanent"_s
           << u"transient"_s << u"temporary"_s;
    for (const ParameterSpec &spec : parameterSpecs()) // options are written as typed: --virtual-time
        m_data << u"--"_s + spec.optionName() << spec.choices;
    for (int worker = 0; worker < 64; ++worker)
        m_data << u"worker-%1"_s.arg(worker) << u"w%1"_s.arg(worker);
    std::sort(m_data.begin(), m_data.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    m_data.removeAll(QString());

    const auto name = [](const QObject *object) -> QString {
        return QString::fromLatin1(object->metaObject()->className()) + u' ' + object->objectName();
    };
    collect(u"window title"_s, window.windowTitle());
    for (const QAction *action : window.menuBar()->actions()) {
        collect(u"menu"_s, action->text());
        if (action->menu()) {
            for (const QAction *item : action->menu()->actions()) {
                collect(u"menu item"_s, item->text());
                collect(u"menu item tip"_s, item->toolTip());
            }
        }
    }
    for (const QDockWidget *dock : window.findChildren<QDockWidget *>())
        collect(u"dock title"_s, dock->windowTitle());
    for (const QTabBar *tabs : window.findChildren<QTabBar *>()) {
        for (int i = 0; i < tabs->count(); ++i)
            collect(u"tab"_s, tabs->tabText(i));
    }
    for (const QLabel *label : window.findChildren<QLabel *>())
        collect(name(label), label->text());
    for (const QAbstractButton *button : window.findChildren<QAbstractButton *>()) {
        collect(name(button), button->text());
        collect(name(button) + u" tip"_s, button->toolTip());
    }
    for (const QGroupBox *group : window.findChildren<QGroupBox *>())
        collect(name(group), group->title());
    for (const QLineEdit *edit : window.findChildren<QLineEdit *>())
        collect(name(edit) + u" placeholder"_s, edit->placeholderText());
    for (const QAbstractItemView *view : window.findChildren<QAbstractItemView *>()) {
        if (!view->model())
            continue;
        for (int column = 0; column < view->model()->columnCount(); ++column)
            collect(name(view) + u" column"_s, view->model()->headerData(column, Qt::Horizontal).toString());
    }
    for (const QWidget *widget : window.findChildren<QWidget *>()) {
        if (!widget->accessibleName().isEmpty())
            collect(name(widget) + u" accessible name"_s, widget->accessibleName());
    }
    m_escaped.removeDuplicates();
    QVERIFY2(m_escaped.isEmpty(),
        qPrintable(u"%1 text(s) escape translation:\n  "_s.arg(m_escaped.size()) + m_escaped.join(u"\n  "_s)));
}

QTEST_MAIN(TestPseudoLocale)
#include "tst_pseudolocale.moc"
