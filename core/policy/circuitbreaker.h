#pragma once

#include <QtGlobal>

#include <deque>

namespace SupervisorLab {

// A worker's circuit: closed (restarts flow), open (no restarts until a cooldown has passed), half-open
// (one trial run; a clean run closes the circuit, a failure opens it again).
class CircuitBreaker
{
public:
    enum class State
    {
        Closed,
        Open,
        HalfOpen
    };

    State state() const { return m_state; }

    // Records a failure at `nowUs`; returns true when it opened the circuit: `threshold` failures within
    // `windowUs` while closed, or any failure of the half-open trial. A threshold of 0 disables the breaker.
    bool recordFailure(qint64 nowUs, int threshold, qint64 windowUs);
    // The cooldown has passed: let one trial through. Returns false if the circuit was not open.
    bool halfOpen();
    // The trial ran cleanly. Returns false if the circuit was not half-open.
    bool close();

private:
    State m_state = State::Closed;
    std::deque<qint64> m_failureTimesUs;
};

} // namespace SupervisorLab
