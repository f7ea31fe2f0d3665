import { Alert, Box, Button, Container, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useAnswerSurvey, usePublicSurvey } from '../../api/satisfaction';

/**
 * The public satisfaction form (phiếu khảo sát hài lòng người bệnh ngoại trú), opened from the QR code
 * or link on the station's wall: no sign-in, phone first, in Vietnamese (the Ministry's wording). No
 * name, phone or address is asked; the answer is sent once with the token the page was given.
 */
export default function PublicSurveyPage() {
  const { key } = useParams();
  const { t } = useTranslation();
  const survey = usePublicSurvey(key);
  const send = useAnswerSurvey(key ?? '');
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = t('satisfaction.public.title');
  }, [t]);

  if (survey.isError)
    return (
      <Container size="xs" py="xl">
        <Alert color="red" role="alert" title={t('satisfaction.public.unavailable')}>
          {survey.error instanceof ApiError && survey.error.status === 429
            ? t('satisfaction.public.tooMany')
            : t('satisfaction.public.unknownLink')}
        </Alert>
      </Container>
    );
  if (!survey.data)
    return (
      <Container size="xs" py="xl">
        <Text role="status">{t('common.loading')}</Text>
      </Container>
    );
  const { form, stationName, token } = survey.data;

  if (send.isSuccess)
    return (
      <Container size="xs" py="xl">
        <Paper withBorder p="lg" role="status">
          <Title order={1} fz={22} mb="sm">
            {t('satisfaction.public.thanks')}
          </Title>
          <Text>{t('satisfaction.public.thanksText', { station: stationName })}</Text>
        </Paper>
      </Container>
    );

  const submit = () => {
    setError(null);
    send.mutate(
      { token, answers },
      {
        onError: (e) =>
          setError(
            e instanceof ApiError
              ? e.status === 429
                ? t('satisfaction.public.tooMany')
                : (e.problem.errors?.[0]?.message ?? e.message)
              : String(e),
          ),
      },
    );
  };
  const count = Object.keys(answers).length;

  return (
    <Container size="xs" px="sm" py="md">
      <Stack gap="md">
        <Box>
          <Text size="sm" c="dimmed">
            {stationName}
          </Text>
          <Title order={1} fz={22} lh={1.3}>
            {form.title.vi}
          </Title>
          <Text size="sm" mt={4}>
            {t('satisfaction.public.intro')}
          </Text>
        </Box>
        {form.sections.map((s) => (
          <Paper key={s.code} withBorder p="sm">
            <Title order={2} fz={17} mb="xs">
              {s.title.vi}
            </Title>
            <Stack gap="md">
              {s.questions.map((q) => (
                <Radio.Group
                  key={q.code}
                  label={`${q.code}. ${q.vi}`}
                  value={answers[q.code] ? String(answers[q.code]) : null}
                  onChange={(v) => setAnswers((a) => ({ ...a, [q.code]: Number(v) }))}
                >
                  <Stack gap={6} mt={6}>
                    {form.scale.map((p) => (
                      <Radio
                        key={p.score}
                        value={String(p.score)}
                        label={`${p.score} – ${p.label.vi}`}
                        size="md"
                      />
                    ))}
                  </Stack>
                </Radio.Group>
              ))}
            </Stack>
          </Paper>
        ))}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Button size="lg" fullWidth onClick={submit} disabled={count === 0} loading={send.isPending}>
          {t('satisfaction.public.send', { count })}
        </Button>
        <Text size="xs" c="dimmed">
          {t('satisfaction.public.privacy')}
        </Text>
      </Stack>
    </Container>
  );
}
