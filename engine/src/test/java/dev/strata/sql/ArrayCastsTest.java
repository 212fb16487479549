package dev.strata.sql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ArrayCastsTest {

    @Test
    void anArrayOfVarcharLiteralsCastToTextKeepsItsOwnTypeFirst() {
        assertEquals("((status)::text = ANY ((ARRAY['new'::character varying, 'ack'::character varying]::character varying[])::text[]))",
                ArrayCasts.keepArrayCasts("((status)::text = ANY ((ARRAY['new'::character varying, 'ack'::character varying])::text[]))"));
    }

    @Test
    void aTypmodAndASchemaQualifiedTypeAreKeptAsWritten() {
        assertEquals("x = ANY ((ARRAY['a'::character varying(3)]::character varying(3)[])::text[])",
                ArrayCasts.keepArrayCasts("x = ANY ((ARRAY['a'::character varying(3)])::text[])"));
        assertEquals("x = ANY ((ARRAY['a'::public.mood, 'b'::public.mood]::public.mood[])::text[])",
                ArrayCasts.keepArrayCasts("x = ANY ((ARRAY['a'::public.mood, 'b'::public.mood])::text[])"));
    }

    @Test
    void everythingElseIsLeftAsWritten() {
        for (String text : new String[] {
                "s2 = ANY (ARRAY['abc'::bpchar, 'd'::bpchar])",
                "x = ANY ((ARRAY['a'::character varying, 'b'::text])::text[])",
                "x = ANY ((ARRAY[y::character varying])::text[])",
                "x = ANY ((ARRAY[('a'::character varying)::text])::text[])",
                "x = ANY ((ARRAY['a'::character varying]))",
                "'(ARRAY[''a''::text])::text[]' = x",
                "x = ANY ((ARRAY['a"}) {
            assertEquals(text, ArrayCasts.keepArrayCasts(text));
        }
    }

    @Test
    void anArrayCastAndACastPerElementDifferInPlacementWhileTextWithNeitherTakesNoSide() {
        String array = "(status)::text = ANY ((ARRAY['new'::character varying, 'old'::character varying])::text[])";
        String elements = "(status)::text = ANY (ARRAY[('new'::character varying)::text, ('old'::character varying)::text])";
        assertEquals(true, ArrayCasts.castPlacementDiffers(array, elements));
        assertEquals(true, ArrayCasts.castPlacementDiffers(elements, array));
        assertEquals(false, ArrayCasts.castPlacementDiffers(array, array));
        assertEquals(false, ArrayCasts.castPlacementDiffers(elements, "status IN ('new', 'old')"));
        assertEquals(false, ArrayCasts.castPlacementDiffers(array, "status = ANY (ARRAY['new', 'old'])"));
    }
}
