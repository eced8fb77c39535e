#include "world/seededdraws.h"

#include <cmath>

namespace SupervisorLab {
namespace {

// SplitMix64's finaliser: a bijective mix with full avalanche, enough to decorrelate nearby keys.
quint64 mix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace

quint64 SeededDraws::bits(int worker, quint32 incarnation, DrawStream stream) const
{
    quint64 h = mix(m_seed);
    h = mix(h ^ quint64(quint32(worker)));
    h = mix(h ^ incarnation);
    return mix(h ^ quint64(stream));
}

double SeededDraws::unit(int worker, quint32 incarnation, DrawStream stream) const
{
    return double(bits(worker, incarnation, stream) >> 11) * 0x1.0p-53;
}

std::function<double(int, quint32)> SeededDraws::jitter() const
{
    return [draws = *this](
               int worker, quint32 incarnation) { return draws.unit(worker, incarnation, DrawStream::Jitter); };
}

} // namespace SupervisorLab
