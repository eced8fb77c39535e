#include "teaching/durationtext.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString durationText(qint64 ms)
{
    if (ms >= 1000 && ms % 100 == 0)
        return QString::number(double(ms) / 1000.0) + u" s"_s;
    return QString::number(ms) + u" ms"_s;
}

} // namespace SupervisorLab
