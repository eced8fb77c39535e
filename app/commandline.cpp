#include "commandline.h"

#include "analysis/explorationexport.h"
#include "io/logexporter.h"
#include "io/logimporter.h"
#include "io/regularfile.h"
#include "io/scenariocatalog.h"
#include "policy/echoedtext.h"
#include "policy/parameterspec.h"
#include "runtime/memorylimit.h"
#include "timeline/timelinepicture.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QRandomGenerator>

#include <limits>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

const QString kHeadless = u"headless"_s;
const QString kScenario = u"scenario"_s;
const QString kListScenarios = u"list-scenarios"_s;
const QString kExport = u"export"_s;
const QString kQuiet = u"quiet"_s;
const QString kStart = u"start"_s;
const QString kExplain = u"explain"_s;
const QString kQuitAfter = u"quit-after"_s;
const QString kReplay = u"replay"_s;
const QString kExportImage = u"export-image"_s;
const QString kImageWidth = u"image-width"_s;
const QString kExplore = u"explore"_s;
const QString kThreads = u"threads"_s;
const QString kReportFirstFrame = u"report-first-frame"_s;
const QString kMemoryLimit = u"memory-limit"_s;
const QString kCommand = u"command"_s;
const QString kAllowCommands = u"allow-commands"_s;
constexpr int kMaxImageWidth = 16'000;
constexpr int kMaxThreads = 256;
constexpr qsizetype kLongestParserError = 120;
constexpr qint64 kMaxMemoryLimitMb = qint64(1) << 24; // 16 TB
constexpr qint64 kBytesPerMb = qint64(1) << 20;

} // namespace

CommandLine::CommandLine()
{
    m_parser.setApplicationDescription(
        tr("Supervisor Lab runs the Supervisor/Restart pattern for real and shows every worker start, failure, "
           "restart delay and give-up as it happens."));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOptions({
        { kHeadless, tr("Run without a window and narrate the run on standard output.") },
        { kScenario, tr("Start from a built-in scenario, or a scenario .json file."), u"NAME|FILE"_s },
        { kListScenarios, tr("List the built-in scenarios with their goals.") },
        { kExport, tr("Write the event log to FILE when the run ends (.jsonl, .csv or .trace.json)."), u"FILE"_s },
        { kReplay,
            tr("Replay a recorded event log (.jsonl or .csv) instead of running: headless, tell it again (and "
               "re-export it with --export); in the window, play it back on the timeline."),
            u"FILE"_s },
        { kExportImage,
            tr("Headless: save a picture of the whole run's timeline to FILE when the run ends (.png or .svg)."),
            u"FILE"_s },
        { kImageWidth,
            tr("Width of the --export-image picture in pixels. Default: %1.").arg(TimelinePicture::kDefaultWidth),
            u"PX"_s },
        { kExplore,
            tr("Headless: run the policies of an exploration spec (.json) over many seeds in virtual time and print "
               "them side by side; --export writes the results (.csv or .json). Takes no run options."),
            u"FILE"_s },
        { kThreads, tr("Threads for --explore. Default: every core."), u"N"_s },
        { kMemoryLimit,
            tr("The most memory, in MB, that a run's records may take (its events, an exploration's recovery times, a "
               "picture's index); a run that reaches it is stopped there, and exits 4. Default: half of what the "
               "process "
               "may use (the machine's memory, ulimit -v and -d, the cgroup's limit)."),
            u"MB"_s },
        { kCommand,
            tr("Supervise a real program: LINE is split into words as a shell would (quotes and backslashes, no "
               "variables or globs); each worker runs it, one process group per incarnation. Giving it is consent to "
               "run it."),
            u"LINE"_s },
        { kAllowCommands,
            tr("Let the scenario file's real programs (its command keys) run; a headless run refuses them "
               "without it, the window asks.") },
        { kQuiet, tr("Print nothing on standard output.") },
        { kExplain, tr("Headless: say why each event happened, with the numbers that decided it.") },
        { kStart, tr("Window: start the run at once.") },
        { kQuitAfter, tr("Window: close the window cleanly after MS milliseconds."), u"MS"_s },
    });
    // For bench/startup, not for users: when the window has painted its first frame, print when and close it.
    QCommandLineOption reportFirstFrame(kReportFirstFrame);
    reportFirstFrame.setFlags(QCommandLineOption::HiddenFromHelp);
    m_parser.addOption(reportFirstFrame);
    const SupervisorConfig defaults;
    for (const ParameterSpec &spec : parameterSpecs()) {
        QString description = spec.translatedDescription();
        if (!spec.choices.isEmpty())
            description += tr(" One of: %1.").arg(spec.choices.join(tr(", ")));
        if (spec.kind != ParameterKind::Flag && spec.kind != ParameterKind::Seed)
            description += tr(" Default: %1.").arg(defaults.valueText(spec.key));
        if (spec.kind == ParameterKind::Flag)
            m_parser.addOption(QCommandLineOption(spec.optionName(), description));
        else
            m_parser.addOption(QCommandLineOption(spec.optionName(), description, spec.valueName));
    }
}

bool CommandLine::fail(const QString &error)
{
    m_error = error;
    return false;
}

bool CommandLine::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments)) {
        QString error = m_parser.errorText();
        if (error.endsWith(u'.'))
            error.chop(1);
        return fail(echoed(error, kLongestParserError)); // it quotes the option as given, however long
    }
    // An option that takes one value takes it once: which of two a run should use is not for the program to guess.
    for (const QString &name : m_parser.optionNames()) {
        const QStringList values = m_parser.values(name);
        if (values.size() > 1)
            //: %1 is an option's name, %2 the values given; %n is two or more.
            return fail(tr("--%1 is given %n times (%2); give it once", nullptr, int(values.size()))
                            .arg(name, echoed(values.join(u", "_s))));
    }
    if (m_parser.isSet(u"help"_s)) {
        m_action = Action::ShowHelp;
        return true;
    }
    if (m_parser.isSet(u"version"_s)) {
        m_action = Action::ShowVersion;
        return true;
    }
    if (m_parser.isSet(kListScenarios)) {
        m_action = Action::ListScenarios;
        return true;
    }
    m_action = m_parser.isSet(kHeadless) ? Action::RunHeadless : Action::RunWindow;
    m_quiet = m_parser.isSet(kQuiet);
    m_explain = m_parser.isSet(kExplain);
    for (const QString &windowOnly : { kStart, kQuitAfter, kReportFirstFrame }) {
        if (m_action == Action::RunHeadless && m_parser.isSet(windowOnly))
            return fail(tr("--%1 applies to the window only; a headless run starts at once and ends with its duration")
                            .arg(windowOnly));
    }
    m_startAtOnce = m_parser.isSet(kStart);
    if (m_parser.isSet(kMemoryLimit)) {
        bool ok = false;
        const qint64 megabytes = m_parser.value(kMemoryLimit).toLongLong(&ok);
        if (!ok || megabytes < 1 || megabytes > kMaxMemoryLimitMb)
            return fail(tr("--memory-limit: '%1' is not a number of megabytes (1..%2)")
                            .arg(echoed(m_parser.value(kMemoryLimit)))
                            .arg(kMaxMemoryLimitMb));
        m_memoryLimitBytes = megabytes * kBytesPerMb;
    } else {
        m_memoryLimitBytes = MemoryLimit::defaultBytes(MemoryLimit::readSystem());
    }
    m_reportFirstFrame = m_parser.isSet(kReportFirstFrame);
    if (m_parser.isSet(kQuitAfter)) {
        bool ok = false;
        m_quitAfterMs = m_parser.value(kQuitAfter).toLongLong(&ok);
        if (!ok || m_quitAfterMs < 0 || m_quitAfterMs > std::numeric_limits<int>::max())
            return fail(tr("--quit-after: '%1' is not a time in milliseconds (0..%2)")
                            .arg(echoed(m_parser.value(kQuitAfter)))
                            .arg(std::numeric_limits<int>::max()));
    }

    bool seedGiven = false;
    if (m_parser.isSet(kScenario)) {
        QString error;
        const auto scenario = ScenarioCatalog::load(m_parser.value(kScenario), &error);
        if (!scenario)
            return fail(tr("--scenario: %1").arg(error));
        m_scenarioName = scenario->name;
        m_compareWith = scenario->compareWith;
        m_runOptionsGiven = true;
        m_firstRunOption = kScenario;
        m_config.applyJson(scenario->config); // checked when the scenario was read
        seedGiven = scenario->config.contains(u"seed"_s);
        m_scenarioPrograms = scenario->programs;
    }
    m_commandsAllowed = m_parser.isSet(kAllowCommands);
    if (m_action == Action::RunHeadless && !m_scenarioPrograms.isEmpty() && !m_commandsAllowed)
        return fail(tr("--scenario: %1 runs real programs (%2); give --allow-commands to let them run")
                        .arg(m_parser.value(kScenario), echoed(m_scenarioPrograms.join(u"; "_s), kLongestParserError)));
    if (m_parser.isSet(kCommand)) {
        QString problem;
        const QStringList words = ProgramSpec::splitCommandLine(m_parser.value(kCommand), &problem);
        if (words.isEmpty())
            return fail(tr("--command: %1").arg(problem));
        if (const QString problem = m_config.program.read(u"command"_s, QJsonArray::fromStringList(words));
            !problem.isEmpty())
            return fail(tr("--command: %1").arg(problem));
        m_runOptionsGiven = true;
        m_commandGiven = true;
        if (m_firstRunOption.isEmpty())
            m_firstRunOption = kCommand;
    }
    for (const ParameterSpec &spec : parameterSpecs()) {
        if (!m_parser.isSet(spec.optionName()))
            continue;
        const QString value = spec.kind == ParameterKind::Flag ? u"true"_s : m_parser.value(spec.optionName());
        const QString error = m_config.setValue(spec.key, value);
        if (!error.isEmpty())
            return fail(tr("--%1: %2").arg(spec.optionName(), error));
        seedGiven = seedGiven || spec.key == u"seed";
        m_runOptionsGiven = true;
        if (m_firstRunOption.isEmpty())
            m_firstRunOption = spec.optionName();
    }
    if (const QString error = m_config.validate(); !error.isEmpty())
        return fail(error);
    if (!m_parser.positionalArguments().isEmpty())
        return fail(tr("unexpected argument '%1'").arg(echoed(m_parser.positionalArguments().constFirst())));
    if (!seedGiven)
        m_config.seed = QRandomGenerator::system()->generate64() & SupervisorConfig::kMaxSeed;
    if (m_parser.isSet(kExplore))
        return checkExploration();
    if (m_parser.isSet(kThreads))
        return fail(tr("--threads needs --explore"));
    if (m_parser.isSet(kExport)) {
        m_exportPath = m_parser.value(kExport);
        if (!checkOutputPath(kExport, &m_exportPath, LogExporter::formatFor(m_exportPath).has_value(),
                LogExporter::supportedExtensions()))
            return false;
    }
    return checkReplayAndImage();
}

bool CommandLine::checkExploration()
{
    m_explorePath = m_parser.value(kExplore);
    if (m_action != Action::RunHeadless)
        return fail(tr("--explore applies to --headless runs"));
    if (!m_firstRunOption.isEmpty())
        return fail(
            tr("--%1 shapes a single run; an exploration takes its runs from its spec file").arg(m_firstRunOption));
    for (const QString &single : { kReplay, kExplain, kExportImage, kImageWidth, kAllowCommands }) {
        if (m_parser.isSet(single))
            return fail(tr("--%1 applies to a single run, not to --explore").arg(single));
    }
    if (!m_explorePath.endsWith(u".json"_s, Qt::CaseInsensitive))
        return fail(tr("--explore: %1: an exploration spec ends in .json").arg(m_explorePath));
    if (m_parser.isSet(kExport)) {
        m_exportPath = m_parser.value(kExport);
        if (!checkOutputPath(kExport, &m_exportPath, ExplorationExport::formatFor(m_exportPath).has_value(),
                ExplorationExport::supportedExtensions()))
            return false;
    }
    if (m_parser.isSet(kThreads)) {
        bool ok = false;
        m_threads = m_parser.value(kThreads).toInt(&ok);
        if (!ok || m_threads < 1 || m_threads > kMaxThreads)
            return fail(tr("--threads: '%1' is not a number of threads (1..%2)")
                            .arg(echoed(m_parser.value(kThreads)))
                            .arg(kMaxThreads));
    }
    return true;
}

bool CommandLine::checkReplayAndImage()
{
    if (m_parser.isSet(kReplay)) {
        m_replayPath = m_parser.value(kReplay);
        if (!m_firstRunOption.isEmpty())
            return fail(tr("--%1 shapes a new run; a replay shows the recorded one as it was").arg(m_firstRunOption));
        if (!LogImporter::formatFor(m_replayPath))
            return fail(
                tr("--replay: %1: a log to replay ends in %2").arg(m_replayPath, LogImporter::supportedExtensions()));
    }
    if (m_parser.isSet(kExportImage)) {
        if (m_action != Action::RunHeadless)
            return fail(
                tr("--export-image applies to --headless runs; in the window, use File → Export Timeline Picture"));
        m_imagePath = m_parser.value(kExportImage);
        if (!checkOutputPath(
                kExportImage, &m_imagePath, TimelinePicture::formatFor(m_imagePath).has_value(), tr(".png or .svg")))
            return false;
    }
    m_imageWidth = TimelinePicture::kDefaultWidth;
    if (m_parser.isSet(kImageWidth)) {
        if (m_imagePath.isEmpty())
            return fail(tr("--image-width needs --export-image"));
        bool ok = false;
        m_imageWidth = m_parser.value(kImageWidth).toInt(&ok);
        if (!ok || m_imageWidth < TimelinePicture::kMinWidth || m_imageWidth > kMaxImageWidth)
            return fail(tr("--image-width: '%1' is not a width in pixels (%2..%3)")
                            .arg(echoed(m_parser.value(kImageWidth)))
                            .arg(TimelinePicture::kMinWidth)
                            .arg(kMaxImageWidth));
    }
    return true;
}

bool CommandLine::checkOutputPath(const QString &option, QString *path, bool knownFormat, const QString &extensions)
{
    if (!knownFormat)
        return fail(tr("--%1: %2: the name must end in %3").arg(option, *path, extensions));
    if (const QString problem = RegularFile::problemWithOutput(*path); !problem.isEmpty())
        return fail(tr("--%1: %2").arg(option, problem));
    const QFileInfo target(*path);
    const QFileInfo directory(target.absolutePath());
    if (!directory.isDir())
        return fail(
            tr("--%1: directory %2 does not exist").arg(option, QDir::toNativeSeparators(directory.filePath())));
    if (!directory.isWritable())
        return fail(
            tr("--%1: directory %2 is not writable").arg(option, QDir::toNativeSeparators(directory.filePath())));
    return true;
}

} // namespace SupervisorLab
