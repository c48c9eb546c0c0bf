"""Everyday words of the other languages members ask in, read as the English words the matcher
knows: language data of the package, like ``english.py``, so editing content cannot drop it.

Portuguese and Spanish questions ("qual certificação é nível de entrada?", "¿cuál es el
salario?") mix these words with the knowledge's own names (CPAS, PACS analista). Each word maps
onto the English word or words a question in English would use; a word mapped onto nothing is
filler ("kkk" is "lol"). Only general words are here, never the wording of one question, and a
word that is also an English or Tagalog word ("do", "a", "ano") is left out. The moderators'
``synonyms`` in ``knowledge/intents.yaml`` win over these.
"""

from __future__ import annotations

_PAIRS = """
qual=which quais=which cual=which cuál=which cuales=which cuáles=which
onde=where quando=when cuando=when quem=who quién=who quien=who
porque=why porquê=why quanto=how_much quantos=how_many cuantos=how_many cuántos=how_many
é=is são=are sao=are ou=or e=and em=in da=of das=of dos=of del=of
o=the por=per um=a uma=a se=if possível=possible possivel=possible posible=possible
certificação=certification certificacao=certification certificações=certifications
certificacoes=certifications certificado=certificate certificados=certificates
certificaciones=certifications certificacion=certification
nível=level nivel=level entrada=entry iniciante=beginner principiante=beginner inicial=entry
salário=salary salarios=salaries salários=salaries ganha=earns ganham=earn ganhar=earn
ganar=earn média=average paga=pays pagam=pay pagar=pay
diretor=director
requisito=requirement exige=require exigem=require requiere=require requieren=require
precisa=need preciso=need precisam=need
formação=education formacion=education formación=education faculdade=college
universidade=university universidad=university experiência=experience
habilidades=skills conhecimento=knowledge conocimiento=knowledge
funções=duties tarefas=tasks tareas=tasks responsabilidades=responsibilities
carreira=career promoção=promotion promocion=promotion promoción=promotion
livro=book livros=books estudo=study aprender=learn guia=guide cursos=courses
cidade=city cidades=cities ciudades=cities estado=state estados=states
emprego=job vaga=job melhor=best mejor=best diferença=difference diferencia=difference
entre=between anos=years años=years
sigla=acronym siglas=acronym significa=means significado=meaning extenso=expand
kkk= kkkk= jaja= jajaja= rsrs= português= portugues= español= espanol= inglês= ingles=
"""

# word -> the English words it stands for (none: a filler)
WORDS: dict[str, str] = dict(
    (word, meaning.replace("_", " "))
    for word, _, meaning in (p.partition("=") for p in _PAIRS.split())
)
