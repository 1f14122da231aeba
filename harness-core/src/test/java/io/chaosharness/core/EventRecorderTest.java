package io.chaosharness.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.RetryEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

    private final Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void stampsEventsWithTheInjectedClockAndFiltersByType() {
        EventRecorder recorder = new EventRecorder(fixed);
        recorder.record(at -> new RetryEvent(at, "select-1", 2, 1000, "TRANSIENT"));
        recorder.record(at -> new FaultEvent(at, "f1", FaultEvent.Phase.APPLIED, "latency", "200ms"));

        assertThat(recorder.ofType(RetryEvent.class)).singleElement()
                .satisfies(r -> assertThat(r.at()).isEqualTo(fixed.instant()));
        assertThat(recorder.size()).isEqualTo(2);
    }

    @Test
    void stopsStoringPastCapacityButCountsWhatItDropped() {
        EventRecorder recorder = new EventRecorder(fixed, 2);
        for (int i = 0; i < 5; i++) {
            recorder.record(at -> new RetryEvent(at, "op", 2, 0, "TRANSIENT"));
        }
        assertThat(recorder.size()).isEqualTo(2);
        assertThat(recorder.dropped()).isEqualTo(3);
    }

    @Test
    void timelineRoundTripsThroughJsonWithItsTypeNames() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        EventRecorder recorder = new EventRecorder(fixed);
        recorder.record(at -> new FaultEvent(at, "f1", FaultEvent.Phase.REMOVED, "proxy-down", "2s"));

        String text = json.writerFor(json.getTypeFactory().constructCollectionType(List.class, HarnessEvent.class))
                .writeValueAsString(recorder.snapshot());
        assertThat(text).contains("\"type\":\"fault\"");
        List<HarnessEvent> back = json.readValue(text,
                json.getTypeFactory().constructCollectionType(List.class, HarnessEvent.class));
        assertThat(back).containsExactlyElementsOf(recorder.snapshot());
    }
}
