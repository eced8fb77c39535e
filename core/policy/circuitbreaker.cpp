#include "policy/circuitbreaker.h"

namespace SupervisorLab {

bool CircuitBreaker::recordFailure(qint64 nowUs, int threshold, qint64 windowUs)
{
    if (threshold <= 0) {
        m_state = State::Closed;
        m_failureTimesUs.clear();
        return false;
    }
    if (m_state == State::HalfOpen) {
        m_state = State::Open;
        return true;
    }
    if (m_state == State::Open)
        return false;
    m_failureTimesUs.push_back(nowUs);
    while (m_failureTimesUs.front() <= nowUs - windowUs)
        m_failureTimesUs.pop_front();
    if (qint64(m_failureTimesUs.size()) < threshold)
        return false;
    m_state = State::Open;
    m_failureTimesUs.clear();
    return true;
}

bool CircuitBreaker::halfOpen()
{
    if (m_state != State::Open)
        return false;
    m_state = State::HalfOpen;
    return true;
}

bool CircuitBreaker::close()
{
    if (m_state != State::HalfOpen)
        return false;
    m_state = State::Closed;
    m_failureTimesUs.clear();
    return true;
}

} // namespace SupervisorLab
