#include "runtime/outputtail.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

void OutputTail::append(QByteArrayView bytes)
{
    while (!bytes.isEmpty()) {
        const qsizetype newline = bytes.indexOf('\n');
        const QByteArrayView piece = newline < 0 ? bytes : bytes.first(newline);
        if (!m_partialCut) {
            const qsizetype room = kLongestPartialLine - m_partial.size();
            m_partial.append(piece.first(std::min(room, piece.size())));
            m_partialCut = piece.size() > room;
        }
        if (newline < 0)
            return;
        keep(m_partial);
        m_partial.clear();
        m_partialCut = false;
        bytes = bytes.sliced(newline + 1);
    }
}

void OutputTail::keep(QByteArrayView line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    QString text = QString::fromUtf8(line);
    if (text.size() > kLineCharacters) {
        qsizetype cut = kLineCharacters - 1;
        if (text.at(cut - 1).isHighSurrogate())
            --cut; // never half of a character
        text = text.first(cut) + u"…"_s;
    }
    m_lines.append(text);
    if (m_lines.size() > kKeptLines) {
        m_lines.removeFirst();
        ++m_dropped;
    }
}

QString OutputTail::text() const
{
    OutputTail whole = *this;
    if (!m_partial.isEmpty()) // an unfinished last line counts as one
        whole.keep(m_partial);
    QString text;
    if (whole.m_dropped > 0)
        text += u"[%1 earlier lines not kept]\n"_s.arg(whole.m_dropped);
    for (const QString &line : std::as_const(whole.m_lines))
        text += line + u'\n';
    return text;
}

} // namespace SupervisorLab
