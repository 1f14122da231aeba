package io.chaosharness.core.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * A thing that happened during a run, stamped with the recorder's clock. Serialised with a {@code "type"} member
 * naming the record, so the JSON timeline can be read back by any consumer.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AttemptEvent.class, name = "attempt"),
        @JsonSubTypes.Type(value = OperationEvent.class, name = "operation"),
        @JsonSubTypes.Type(value = CallEvent.class, name = "call"),
        @JsonSubTypes.Type(value = RetryEvent.class, name = "retry"),
        @JsonSubTypes.Type(value = BudgetRefusalEvent.class, name = "budget-refusal"),
        @JsonSubTypes.Type(value = BreakerTransitionEvent.class, name = "breaker-transition"),
        @JsonSubTypes.Type(value = PoolTimeoutEvent.class, name = "pool-timeout"),
        @JsonSubTypes.Type(value = PoolGaugeEvent.class, name = "pool-gauge"),
        @JsonSubTypes.Type(value = FallbackEvent.class, name = "fallback"),
        @JsonSubTypes.Type(value = AvailabilityCheckEvent.class, name = "availability-check"),
        @JsonSubTypes.Type(value = FaultEvent.class, name = "fault"),
        @JsonSubTypes.Type(value = NoteEvent.class, name = "note"),
        @JsonSubTypes.Type(value = InsightEvent.class, name = "insight"),
        @JsonSubTypes.Type(value = BulkheadRejectionEvent.class, name = "bulkhead-rejection")
})
public sealed interface HarnessEvent
        permits AttemptEvent, OperationEvent, CallEvent, RetryEvent, BudgetRefusalEvent, BreakerTransitionEvent,
        PoolTimeoutEvent, PoolGaugeEvent, FallbackEvent, AvailabilityCheckEvent, FaultEvent, NoteEvent, InsightEvent,
        BulkheadRejectionEvent {

    /** When it happened, from the recorder's clock. */
    Instant at();
}
