#pragma once

#include <QByteArray>
#include <QStringView>

namespace SupervisorLab {

// `text` as a JSON string literal, quotes included (RFC 8259 escaping, UTF-8).
QByteArray jsonQuoted(QStringView text);

} // namespace SupervisorLab
